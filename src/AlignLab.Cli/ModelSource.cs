using AlignLab.Classification;

namespace AlignLab.Cli;

/// <summary>Resolves --model or the embedded default classifier.</summary>
internal static class ModelSource
{
    public static SafetyClassifier Load(string? path)
    {
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new CliUsageException($"model file not found: {path}");
            }

            try
            {
                return SafetyClassifier.Load(path);
            }
            catch (InvalidDataException ex)
            {
                throw new CliUsageException($"{path}: {ex.Message}");
            }
        }

        return SafetyClassifier.Default
            ?? throw new CliUsageException("this build has no embedded classifier model; give a classifier model file (train one with 'alignlab train classifier')");
    }
}
