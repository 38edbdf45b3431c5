using System.Buffers;
using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Orchestration;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// The evaluation runs under the reports directory: each direct sub-directory holding a <c>summary.json</c> (as
/// written by <c>alignlab eval --output DIR</c>). Run names are checked against a strict character set and resolved
/// (following links) to a directory directly under the root, so no request can reach a file outside it.
/// </summary>
public sealed class EvalRunCatalog
{
    /// <summary>The report page of a run (the name <see cref="EvaluationSession"/> writes it under).</summary>
    public const string ReportFileName = EvalRunFiles.Html;

    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>A catalog over <paramref name="root"/> (null: no reports directory is configured).</summary>
    public EvalRunCatalog(string? root)
    {
        Root = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The reports directory (full path), or null when none is configured.</summary>
    public string? Root { get; }

    /// <summary>Whether <paramref name="name"/> is an acceptable run name (letters, digits, '.', '_', '-'; not only dots; at most 200 characters).</summary>
    public static bool IsValidRunName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 200 && !name.AsSpan().ContainsAnyExcept(NameChars) && name.Trim('.').Length > 0;

    /// <summary>Every run, newest first (by the summary's start time). Runs whose summary cannot be read are listed with the error.</summary>
    public IReadOnlyList<EvalRunEntry> List()
    {
        if (Root is null || !Directory.Exists(Root))
        {
            return [];
        }

        var runs = new List<EvalRunEntry>();
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(dir);
            if (ResolveRun(name) is not { } runDir)
            {
                continue;
            }

            var summaryPath = Path.Combine(runDir, EvalRunFiles.Summary);
            if (!File.Exists(summaryPath))
            {
                continue;
            }

            var hasReport = ResolveFile(name, ReportFileName) is not null;
            try
            {
                runs.Add(new EvalRunEntry(name, EvalReportJson.ReadSummaryFile(summaryPath), hasReport, null));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidDataException or ArgumentException)
            {
                runs.Add(new EvalRunEntry(name, null, hasReport, "summary.json could not be read: " + ex.Message.Replace(runDir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)));
            }
        }

        return [.. runs.OrderByDescending(r => r.Summary?.StartedAt ?? DateTimeOffset.MinValue).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The summary of a run, or null when there is no such run (or its name is not acceptable).</summary>
    public EvalSummary? ReadSummary(string name) =>
        ResolveFile(name, EvalRunFiles.Summary) is { } path ? EvalReportJson.ReadSummaryFile(path) : null;

    /// <summary>
    /// The full path of <paramref name="fileName"/> in run <paramref name="name"/>, or null when the name is not
    /// acceptable, the run or file does not exist, or either resolves (through links) outside the reports directory.
    /// </summary>
    public string? ResolveFile(string name, string fileName)
    {
        if (!IsValidRunName(fileName) || ResolveRun(name) is not { } runDir)
        {
            return null;
        }

        var file = new FileInfo(Path.Combine(runDir, fileName));
        if (!file.Exists)
        {
            return null;
        }

        var target = file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        return target is not null && string.Equals(Path.GetDirectoryName(target), runDir, StringComparison.Ordinal) && File.Exists(target) ? target : null;
    }

    /// <summary>The full path of the run directory, or null (see <see cref="ResolveFile"/>).</summary>
    public string? ResolveRun(string? name)
    {
        if (Root is null || !IsValidRunName(name))
        {
            return null;
        }

        var dir = new DirectoryInfo(Path.Combine(Root, name!));
        if (!dir.Exists)
        {
            return null;
        }

        var resolved = dir.LinkTarget is null ? dir.FullName : dir.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        if (resolved is null)
        {
            return null;
        }

        resolved = Path.TrimEndingDirectorySeparator(resolved);
        return string.Equals(Path.GetDirectoryName(resolved), Root, StringComparison.Ordinal) && Directory.Exists(resolved) ? resolved : null;
    }
}
