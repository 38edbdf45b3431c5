using System.CommandLine;
using AlignLab.Classification;
using AlignLab.Rules;

namespace AlignLab.Cli;

/// <summary>Builds the rule engine with the classifier the user asked for (embedded default, --classifier FILE, or none).</summary>
internal static class GuardFactory
{
    public static Option<string?> ClassifierOption() => new("--classifier")
    {
        Description = "Classifier model file used as a detector (default: the embedded model).",
    };

    public static Option<bool> NoClassifierOption() => new("--no-classifier")
    {
        Description = "Use the constitution's rules only, without the safety classifier.",
    };

    public static RuleEngine Create(Constitution.Constitution constitution, string? modelPath, bool noClassifier)
    {
        SafetyClassifier? classifier = null;
        if (!noClassifier)
        {
            classifier = modelPath is not null ? ModelSource.Load(modelPath) : SafetyClassifier.Default;
        }

        return new RuleEngine(constitution, classifier: classifier);
    }
}
