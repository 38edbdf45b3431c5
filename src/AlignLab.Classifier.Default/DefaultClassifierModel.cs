using System.Reflection;

namespace AlignLab.Classifier.Default;

/// <summary>
/// The default safety classifier model embedded in this assembly. The core (<c>AlignLab</c>) does not reference this
/// assembly; <c>SafetyClassifier.Default</c> finds it by name when the application ships it (see <c>DefaultModelSource</c>).
/// </summary>
public static class DefaultClassifierModel
{
    /// <summary>The name of this assembly, which the core loads by name.</summary>
    public const string AssemblyName = "AlignLab.Classifier.Default";

    /// <summary>The resource holding the model file (models/safety_classifier.alsc).</summary>
    public const string ResourceName = "AlignLab.safety_classifier.alsc";

    /// <summary>Opens the embedded model, or returns null when this build has none (the model file was absent).</summary>
    public static Stream? Open() => typeof(DefaultClassifierModel).Assembly.GetManifestResourceStream(ResourceName);

    /// <summary>This assembly; referencing it from code makes sure it is deployed and loadable.</summary>
    public static Assembly Assembly => typeof(DefaultClassifierModel).Assembly;
}
