using System.Text.Json;
using System.Xml;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>junit.xml is real UTF-8 as declared and counts every result of the run, not a sample.</summary>
public sealed class EvalJUnitFileTests : EvalTempDir
{
    [Fact]
    public async Task Junit_xml_parses_as_declared_and_its_counts_match_results_jsonl()
    {
        var run = Out("run");
        var r = await CliRunner.RunAsync("eval", "--suite", "harmful", "--suite", "benign", "--suite", "contrast", "--attacks", "base64,leetspeak,role_play", "--output", run);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(run, "junit.xml"));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var doc = new XmlDocument();
        doc.Load(Path.Combine(run, "junit.xml")); // honours the declared encoding, as Python's ElementTree does

        var results = File.ReadLines(Path.Combine(run, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("strategy").GetString() == "guard_only").ToList();
        var failing = results.Count(e => !e.TryGetProperty("error", out _) && e.GetProperty("label").GetString() == "harmful" != e.GetProperty("refused").GetBoolean());
        // The guard fails fewer cases since issue 15 (about 240, was over 300): still far more than the listing cap of 100.
        Assert.True(failing > 150, $"{failing} failing cases: the run should fail far more than the listing cap");

        var guard = (XmlElement)doc.SelectSingleNode("/testsuites/testsuite[@name='guard_only']")!;
        Assert.Equal(results.Count + 1, int.Parse(guard.GetAttribute("tests"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(failing, int.Parse(guard.GetAttribute("failures"), System.Globalization.CultureInfo.InvariantCulture));
        var listed = guard.SelectNodes("testcase/failure")!.Count;
        Assert.True(listed < failing);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{failing - listed:N0} of the {failing:N0} failing cases are not listed"), guard.SelectSingleNode("system-out")!.InnerText, StringComparison.Ordinal);
        var root = doc.DocumentElement!;
        Assert.Equal(failing, int.Parse(root.GetAttribute("failures"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
