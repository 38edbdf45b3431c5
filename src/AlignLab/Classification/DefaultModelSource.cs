using System.Reflection;

namespace AlignLab.Classification;

/// <summary>
/// Where <see cref="SafetyClassifier.Default"/> comes from. The 15 MB default model is not in the core library: it is the
/// resource <see cref="SafetyClassifier.EmbeddedModelName"/> of the assembly <see cref="AssemblyName"/>
/// (project <c>src/AlignLab.Classifier.Default</c>), loaded by name when the application ships it. An application without
/// that assembly, or a build of it without the model file, has no default model (<see cref="SafetyClassifier.Default"/> is null).
/// </summary>
public static class DefaultModelSource
{
    /// <summary>The assembly that carries the default model.</summary>
    public const string AssemblyName = "AlignLab.Classifier.Default";

    /// <summary>Opens the default model, or returns null when the application has none.</summary>
    public static Stream? Open()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(AssemblyName));
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return assembly.GetManifestResourceStream(SafetyClassifier.EmbeddedModelName);
    }
}
