using System.CommandLine;
using AlignLab.Classification;
using AlignLab.Constitutions;
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

    /// <summary>Makes --classifier together with --no-classifier a parse error on every command under <paramref name="root"/> that has both.</summary>
    public static void RejectClassifierConflicts(Command root)
    {
        var classifier = root.Options.FirstOrDefault(o => o.Name == "--classifier");
        var none = root.Options.FirstOrDefault(o => o.Name == "--no-classifier");
        if (classifier is not null && none is not null)
        {
            root.Validators.Add(result =>
            {
                if (result.GetResult(classifier) is not null && result.GetResult(none) is not null)
                {
                    result.AddError("give --classifier FILE or --no-classifier, not both");
                }
            });
        }

        foreach (var sub in root.Subcommands)
        {
            RejectClassifierConflicts(sub);
        }
    }

    public static RuleEngine Create(Constitution constitution, string? modelPath, bool noClassifier)
    {
        SafetyClassifier? classifier = null;
        if (!noClassifier)
        {
            classifier = modelPath is not null ? ModelSource.Load(modelPath) : SafetyClassifier.Default;
        }

        return new RuleEngine(constitution, classifier: classifier);
    }
}
