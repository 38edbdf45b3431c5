using System.Security.Cryptography;
using AlignLab.Constitutions;
using AlignLab.Storage;

namespace AlignLab.Cli.Files;

/// <summary>
/// The copy of the embedded default constitution that the overlay <c>tune</c> makes without --policy includes. It is
/// kept in the AlignLab home (<c>constitutions/alignlab_default_constitution.&lt;hash&gt;.yaml</c>), not beside the
/// overlay, and named by its content, so a later release with another default never changes what an existing overlay
/// includes. An existing copy is reused when it is the same default, and is never replaced when it is anything else.
/// </summary>
internal sealed record DefaultConstitutionCopy(string Path, bool Exists)
{
    /// <summary>The folder of the copies inside the AlignLab home.</summary>
    public const string Folder = "constitutions";

    private const string ResourceName = "AlignLab.default_constitution.yaml";

    /// <summary>
    /// The file name of the copy of this build's default: <c>alignlab_default_constitution.&lt;12 hex digits of its SHA-256&gt;.yaml</c>.
    /// </summary>
    public static string FileName { get; } = "alignlab_default_constitution." + Convert.ToHexStringLower(SHA256.HashData(Embedded()))[..12] + ".yaml";

    /// <summary>Decides where the copy goes (in <see cref="AlignLabHome"/>) for an overlay written to <paramref name="overlayPath"/>.</summary>
    public static DefaultConstitutionCopy Check(string overlayPath) => Check(overlayPath, AlignLabHome.Path);

    /// <summary>Decides where the copy goes in <paramref name="home"/>; a usage error when that would overwrite a different file.</summary>
    public static DefaultConstitutionCopy Check(string overlayPath, string home)
    {
        var path = System.IO.Path.Combine(home, Folder, FileName);
        if (OutputFile.SameFile(path, overlayPath))
        {
            throw new CliUsageException(
                $"--output: {path} is the copy of the default constitution that the tuned overlay includes; choose another output file");
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
            $"{path} already exists and differs from the embedded default constitution, so tune will not replace it: "
            + $"tune that file with --policy {path}, or move it away");
    }

    /// <summary>Writes the copy unless an identical one is already there; returns the full path to include (with '/' separators).</summary>
    public string Write()
    {
        if (!Exists)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temp = OutputFile.TempPath(Path);
            try
            {
                File.WriteAllBytes(temp, Embedded());
                File.Move(temp, Path, overwrite: false);
            }
            catch (IOException) when (File.Exists(Path) && File.ReadAllBytes(Path).AsSpan().SequenceEqual(Embedded()))
            {
                OutputFile.TryDelete(temp); // another tune wrote the same copy meanwhile
            }
            catch
            {
                OutputFile.TryDelete(temp);
                throw;
            }
        }

        return System.IO.Path.GetFullPath(Path).Replace('\\', '/');
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
