using System.Text.Json;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

/// <summary>
/// The example report in docs/examples is generated from <see cref="ReportSamples.Rich"/>; set ALIGNLAB_UPDATE_EXAMPLES=1
/// to rewrite it. The test checks that the committed file is a safe, well-formed report.
/// </summary>
public sealed class ExampleReportTests
{
    private static readonly string s_path = Path.Combine(RepoPaths.Root, "docs", "examples", "eval-report-example.html");

    /// <summary>The example page: a model run with three strategies, a comparison with a slightly older run, and hostile prompts.</summary>
    public static string Example()
    {
        string[] naughty =
        [
            ReportSamples.Hostile,
            "\"><svg onload=alert(document.domain)>",
            "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ ̖t̝͕̳̣̻̪͞h̼͓̲̦̳̘̲e͇̣̰̦̬͎ ̢̼̻̱̘h͚͎͙̜̣̲ͅi̦̲̣̰̤v̻͍e̺̭̳̪̰-m̢iͅn̖̺̞̲̯̰d̵̼̟͙̩̼̘̳ ̞̥̱̳̭r̛̗̘e͙p͠r̼̞̻̭̗e̺̠̣͟s̘͇̳͍̝͉e͉̥̯̞̲͚̬͜ǹ̬͎͎̟̖͇̤t͍̬̤͓̼̭͘ͅi̪̱n͠g̴͉ ͏͉ͅc̬̟h͡a̫̻̯͘o̫̟̖͍̙̝͉s̗̦̲.̨̹͈̣",
            "‪‪test‪ \u202Egnp.exe",
            "田中さんにあげて下さい 𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐",
        ];
        var (summary, results, prompts) = ReportSamples.Rich(naughty);
        var earlier = summary with
        {
            RunId = "2026-11-17T09-12-40Z-51c0",
            StartedAt = summary.StartedAt.AddDays(-7),
            Strategies = [.. summary.Strategies.Select(s => s with
            {
                HarmfulBlocked = s.HarmfulBlocked! with { Successes = Math.Max(0, s.HarmfulBlocked.Successes - 12), Low = Math.Max(0, s.HarmfulBlocked.Low - 0.06), High = Math.Max(0, s.HarmfulBlocked.High - 0.05) },
                LatencyP95Ms = s.LatencyP95Ms * 1.1,
                FalsePositives = s.Strategy == "guard_only" ? ReportSamples.R(0, 39, 0, 0.01) : s.FalsePositives,
                AttackSuccess = s.AttackSuccess.ContainsKey("base64") ? s.AttackSuccess.SetItem("base64", ReportSamples.R(32, 40, 0.72, 0.88)) : s.AttackSuccess,
            })],
        };
        var sample = ReportSamples.Notable(results, 40);
        var options = new HtmlReportOptions
        {
            Distributions = EvalDistributions.From(results),
            Prompts = prompts,
            Comparison = ComparisonReport.Compare(earlier, summary),
        };
        return HtmlReportWriter.ToHtml(summary, sample, options);
    }

    [Fact]
    public void Example_report_is_committed_safe_and_well_formed()
    {
        if (Environment.GetEnvironmentVariable("ALIGNLAB_UPDATE_EXAMPLES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(s_path)!);
            File.WriteAllText(s_path, Example());
        }

        Assert.True(File.Exists(s_path), "docs/examples/eval-report-example.html is missing; run the tests with ALIGNLAB_UPDATE_EXAMPLES=1");
        var html = File.ReadAllText(s_path);
        HtmlAssert.WellFormed(html);
        HtmlAssert.NothingExecutable(html);
        Assert.Equal(4, HtmlAssert.Svgs(html).Count);
        Assert.True(html.Length < 400_000, $"the example is {html.Length} characters; keep it small");
    }
}
