using AlignLab.Constitution;

namespace AlignLab.Cli.Files;

/// <summary>
/// The copy of the embedded default constitution that <c>tune</c> writes beside an overlay made without --policy, so
/// that the overlay has a file to include. An existing file of that name is reused when it is the same default, and
/// is never replaced when it is anything else (it may be the user's own edited constitution).
/// </summary>
internal sealed record DefaultConstitutionCopy(string Path, bool Exists)
{
    /// <summary>The file name of the copy.</summary>
    public const string FileName = "alignlab_default_constitution.yaml";

    private const string ResourceName = "AlignLab.default_constitution.yaml";

    /// <summary>Decides where the copy goes for an overlay written to <paramref name="overlayPath"/>; a usage error when that would overwrite a different file.</summary>
    public static DefaultConstitutionCopy Check(string overlayPath)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(overlayPath)!, FileName);
        if (OutputFile.SameFile(path, overlayPath))
        {
            throw new CliUsageException($"--output: {FileName} is the name of the copy of the default constitution that the tuned overlay includes; choose another output file name");
        }

        if (!File.Exists(path))
        {
            return new DefaultConstitutionCopy(path, Exists: false);
        }

        if (File.ReadAllBytes(path).AsSpan().SequenceEqual(Embedded()))
        {
            return new DefaultConstitutionCopy(path, Exists: true);
        }

        throw new CliUsageException(
            $"{path} already exists and differs from the embedded default constitution, so tune will not replace it: tune that file with --policy {FileName}, or move it away, or write the overlay to another folder with --output");
    }

    /// <summary>Writes the copy unless an identical one is already there; returns the path to include, relative to the overlay.</summary>
    public string Write()
    {
        if (!Exists)
        {
            var temp = OutputFile.TempPath(Path);
            try
            {
                File.WriteAllBytes(temp, Embedded());
                File.Move(temp, Path, overwrite: false);
            }
            catch
            {
                OutputFile.TryDelete(temp);
                throw;
            }
        }

        return FileName;
    }

    private static byte[] Embedded()
    {
        using var stream = typeof(ConstitutionLoader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
