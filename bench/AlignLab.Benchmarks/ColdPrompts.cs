using System.Text.Json;

namespace AlignLab.Benchmarks;

/// <summary>
/// A few thousand distinct prompts (AdvBench's harmful goals and Alpaca's harmless test instructions, from the shared
/// datasets at <c>../shared/data</c>), so that scoring them in turn touches more of the classifier's weight rows than the
/// caches hold, as a gateway does between two moderations; the six load-test prompts alone stay in cache.
/// </summary>
internal static class ColdPrompts
{
    public static string[] Load()
    {
        var data = Find("shared/data");
        var harmful = File.ReadLines(Path.Combine(data, "advbench", "harmful_behaviors.csv")).Skip(1)
            .Select(l => l.LastIndexOf(",\"", StringComparison.Ordinal) is var i and > 0 ? l[..i] : l)
            .Select(l => l.Trim('"'));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "alpaca-harmless", "harmless_test.json")));
        var harmless = json.RootElement.EnumerateArray().Select(e => e.GetProperty("instruction").GetString() ?? "");

        // Interleaved, so a run of either kind is short.
        var a = harmful.ToArray();
        var b = harmless.Where(s => s.Length > 0).ToArray();
        return [.. Enumerable.Range(0, Math.Max(a.Length, b.Length)).SelectMany(i => new[] { i < a.Length ? a[i] : null, i < b.Length ? b[i] : null })
            .OfType<string>()];
    }

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", relative);
            if (Directory.Exists(path))
            {
                return Path.GetFullPath(path);
            }
        }

        throw new DirectoryNotFoundException(relative + " not found next to any folder above " + AppContext.BaseDirectory);
    }
}
