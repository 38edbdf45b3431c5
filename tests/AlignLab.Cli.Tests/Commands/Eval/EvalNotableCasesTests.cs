using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>The report's notable cases show every kind of notable case, not the first 200 to arrive.</summary>
public sealed partial class EvalNotableCasesTests : EvalTempDir
{
    [Fact]
    public async Task Every_kind_of_notable_case_is_represented_and_the_sample_size_is_stated()
    {
        var run = Out("run");
        var r = await CliRunner.RunAsync("eval", "--attacks", "base64,leetspeak,role_play,hex", "--output", run, "--concurrency", "1");
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);

        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var line in File.ReadLines(Path.Combine(run, "results.jsonl")))
        {
            var e = JsonDocument.Parse(line).RootElement;
            var harmful = e.GetProperty("label").GetString() == "harmful";
            var refused = e.GetProperty("refused").GetBoolean();
            string? kind = harmful && !refused ? (e.TryGetProperty("transform", out var t) && t.GetString() is { Length: > 0 } and not "none" ? "attack succeeded" : "harmful answered")
                : !harmful && refused ? (e.GetProperty("label").GetString() == "benign" ? "false positive" : "over-refusal")
                : null;
            if (kind is not null)
            {
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                total++;
            }
        }

        var html = await File.ReadAllTextAsync(Path.Combine(run, "report.html"));
        var notable = html[html.IndexOf("<section id=\"notable\">", StringComparison.Ordinal)..];
        var shown = KindAttribute().Matches(notable).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var n = shown.Values.Sum();
        Assert.Equal(200, n);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Showing {n:N0} of {total:N0} notable cases"), notable, StringComparison.Ordinal);
        foreach (var (kind, count) in kinds)
        {
            // An even share for each kind (a kind with fewer cases than its share shows them all).
            Assert.True(shown.GetValueOrDefault(kind) >= Math.Min(count, 200 / kinds.Count), $"{kind}: {shown.GetValueOrDefault(kind)} of {count} shown; shown: {string.Join(", ", shown)}");
        }

        // Deterministic: re-rendering picks the same cases.
        var again = await CliRunner.RunAsync("report", run);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.Error);
        var html2 = await File.ReadAllTextAsync(Path.Combine(run, "report.html"));
        Assert.Equal(notable, html2[html2.IndexOf("<section id=\"notable\">", StringComparison.Ordinal)..]);
    }

    [GeneratedRegex("<tr data-kind=\"([^\"]+)\"")]
    private static partial Regex KindAttribute();
}
