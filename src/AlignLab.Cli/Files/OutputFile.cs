using System.Text;

namespace AlignLab.Cli.Files;

/// <summary>
/// Files a command writes at the user's request: the path is checked before any work starts (not a folder, not one of
/// the command's own inputs, parent folder created) and the content goes to a temporary file beside the target that
/// replaces it only when complete, so a failure or Ctrl+C never leaves a truncated or emptied file.
/// </summary>
internal static class OutputFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Returns the full path of <paramref name="path"/> (given with <paramref name="option"/>), after creating its parent folder.
    /// Throws a usage error when it is a folder or resolves to the same file as one of <paramref name="inputs"/>.
    /// </summary>
    public static string Prepare(string path, string option, params IEnumerable<(string? Path, string What)> inputs)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliUsageException($"{option}: the path is empty");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliUsageException($"{option}: {full} is a folder; give a file name");
        }

        foreach (var (input, what) in inputs)
        {
            if (input is not null && SameFile(full, input))
            {
                throw new CliUsageException($"{option}: {full} is also the {what}; writing there would destroy it, so choose another output file");
            }
        }

        var dir = Path.GetDirectoryName(full);
        if (dir is not null)
        {
            try
            {
                Directory.CreateDirectory(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"{option}: cannot create the folder {dir}: {ex.Message}");
            }
        }

        return full;
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> name the same file (after resolving relative parts and symbolic links).</summary>
    public static bool SameFile(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="fullPath"/> atomically.</summary>
    public static void WriteAllText(string fullPath, string text) => Write(fullPath, w => w.Write(text));

    /// <summary>Streams through <paramref name="write"/> into a temporary file that replaces <paramref name="fullPath"/> when it returns.</summary>
    public static void Write(string fullPath, Action<TextWriter> write)
    {
        var temp = TempPath(fullPath);
        try
        {
            using (var writer = new StreamWriter(temp, append: false, Utf8))
            {
                write(writer);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A path beside <paramref name="fullPath"/> for its content while it is being written.</summary>
    public static string TempPath(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Deletes <paramref name="path"/> if it can; used to clean up a temporary file after a failure.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the failure being reported matters more than a leftover temporary file.
        }
    }

    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
