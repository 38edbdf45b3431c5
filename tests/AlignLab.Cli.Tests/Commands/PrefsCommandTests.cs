using System.Text.Json;
using AlignLab.Testing.ModelServer;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary><c>prefs label</c> and <c>prefs collect</c> against the scripted model server over loopback HTTP.</summary>
public sealed class PrefsCommandTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private static string Spec(ScriptedModelServer server, string model = "judge") => $"openai:{model}@{server.OpenAIBaseUrl};retries=0;timeout=30s";

    /// <summary>A judge that prefers the response holding "SAFE" (a tie when neither does).</summary>
    private static ScriptedReply PreferSafe(ScriptedRequest request)
    {
        var text = request.LastUserText;
        var one = text.IndexOf("[Response 1]", StringComparison.Ordinal);
        var two = text.IndexOf("[Response 2]", StringComparison.Ordinal);
        var first = text[one..two].Contains("SAFE", StringComparison.Ordinal);
        var second = text[two..].Contains("SAFE", StringComparison.Ordinal);
        var better = first == second ? "tie" : first ? "1" : "2";
        return ScriptedReply.Text(
            $"{{\"principles\": [{{\"id\": \"harmless\", \"better\": \"{better}\"}}], \"better\": \"{better}\", \"confidence\": 0.9}}");
    }

    private static string[] Lines(string path) => File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();

    [Fact]
    public async Task Prefs_label_writes_judged_pairs_reports_agreement_and_names_malformed_lines()
    {
        // alignlab prefs label --pairs pairs.jsonl --judge openai:judge@URL --out labelled.jsonl --summary summary.json
        await using var server = await ScriptedModelServer.StartAsync(PreferSafe);
        using var dir = new TempDir();
        var pairs = dir.Write("pairs.jsonl",
            "{\"id\":\"a\",\"prompt\":\"q\",\"chosen\":\"SAFE no\",\"rejected\":\"sure, here's how\"}\n"
            + "{\"prompt\": broken\n"
            + "{\"id\":\"b\",\"prompt\":\"q\",\"chosen\":\"sure\",\"rejected\":\"SAFE refusal\"}\n"
            + "{\"id\":\"c\",\"prompt\":\"q\",\"chosen\":\"one\",\"rejected\":\"two\"}\n");

        var result = await CliRunner.RunAsync("prefs", "label", "--pairs", pairs, "--judge", Spec(server), "--principles", "harmless,honest",
            "--out", dir.File("labelled.jsonl"), "--ties", dir.File("ties.jsonl"), "--summary", dir.File("summary.json")).WaitAsync(Guard);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("line 2: invalid JSON", result.Error, StringComparison.Ordinal);
        Assert.Contains("agreement with human labels: 50.0% (1/2, 95% CI", result.Output, StringComparison.Ordinal);
        Assert.Contains("labelled 2, ties 1, errors 0", result.Output, StringComparison.Ordinal);
        Assert.Contains("as stated by the judge", result.Output, StringComparison.Ordinal);
        var labelled = Lines(dir.File("labelled.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "b"], labelled.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["SAFE no", "SAFE refusal"], labelled.Select(l => l.GetProperty("chosen").GetString()));
        Assert.Equal("rlaif", labelled[0].GetProperty("source").GetString());
        Assert.Equal(2, labelled[1].GetProperty("label").GetProperty("orders").GetArrayLength());
        Assert.Equal("c", JsonDocument.Parse(Assert.Single(Lines(dir.File("ties.jsonl")))).RootElement.GetProperty("id").GetString());
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("human_agreement").GetProperty("successes").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("human_agreement").GetProperty("total").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("malformed").GetInt32());
    }

    [Fact]
    public async Task Prefs_label_counts_a_failing_judge_as_errors_writes_no_pairs_and_exits_1()
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Fail(500));
        using var dir = new TempDir();
        var pairs = dir.Write("pairs.jsonl", "{\"prompt\":\"q\",\"chosen\":\"x\",\"rejected\":\"y\"}\n");

        var result = await CliRunner.RunAsync("prefs", "label", "--pairs", pairs, "--judge", Spec(server), "--out", dir.File("out.jsonl"), "--json")
            .WaitAsync(Guard);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(Lines(dir.File("out.jsonl")));
        Assert.Contains("L1: the judge call failed", result.Error, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(result.Output);
        Assert.Equal((1, 0), (summary.RootElement.GetProperty("errors").GetInt32(), summary.RootElement.GetProperty("labelled").GetInt32()));
    }

    [Fact]
    public async Task Prefs_label_with_resume_skips_pairs_already_in_the_output()
    {
        await using var server = await ScriptedModelServer.StartAsync(PreferSafe);
        using var dir = new TempDir();
        var pairs = dir.Write("pairs.jsonl", "{\"id\":\"1\",\"prompt\":\"q\",\"chosen\":\"SAFE\",\"rejected\":\"y\"}\n");
        string[] args = ["prefs", "label", "--pairs", pairs, "--judge", Spec(server), "--out", dir.File("out.jsonl"), "--resume"];
        Assert.Equal(0, (await CliRunner.RunAsync(args).WaitAsync(Guard)).ExitCode);
        File.AppendAllText(pairs, "{\"id\":\"2\",\"prompt\":\"q\",\"chosen\":\"SAFE\",\"rejected\":\"z\"}\n");
        File.AppendAllText(dir.File("out.jsonl"), "{\"id\":\"torn"); // an interrupted write

        var second = await CliRunner.RunAsync(args).WaitAsync(Guard);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(4, server.ChatRequestCount);
        Assert.Contains("(1 already done, skipped)", second.Output, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], Lines(dir.File("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Prefs_label_rejects_a_principle_the_policy_does_not_have()
    {
        using var dir = new TempDir();
        var pairs = dir.Write("pairs.jsonl", "{\"prompt\":\"q\",\"chosen\":\"x\",\"rejected\":\"y\"}\n");

        var result = await CliRunner.RunAsync("prefs", "label", "--pairs", pairs, "--judge", "openai:m@http://127.0.0.1:9/v1", "--principles", "kind",
            "--out", dir.File("out.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown principle(s) kind; the policy has: helpful, harmless, honest", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefs_collect_gathers_answers_from_two_models_counts_failures_and_its_file_feeds_prefs_label()
    {
        // alignlab prefs collect --prompts prompts.jsonl --models A,B --samples 2 --out candidates.jsonl
        await using var server = await ScriptedModelServer.StartAsync(r =>
            r.Messages.Any(m => m.Role == "system") ? PreferSafe(r)
            : r.Model == "b" && r.LastUserText == "fail me" ? ScriptedReply.Fail(500)
            : ScriptedReply.Text(r.Model == "a" ? "SAFE answer" : "risky answer"));
        using var dir = new TempDir();
        var prompts = dir.Write("prompts.jsonl",
            "{\"id\":\"p1\",\"prompt\":\"hello\"}\n{\"text\":\"no prompt\"}\n{\"id\":\"p2\",\"prompt\":\"fail me\"}\n");
        var models = $"{Spec(server, "a")},{Spec(server, "b")}";

        var collect = await CliRunner.RunAsync("prefs", "collect", "--prompts", prompts, "--models", models, "--samples", "2",
            "--out", dir.File("candidates.jsonl")).WaitAsync(Guard);

        Assert.Equal(0, collect.ExitCode);
        Assert.Contains("collected 6 answer(s) to 2 prompt(s); failures 2", collect.Output, StringComparison.Ordinal);
        Assert.Contains("line 2: no string field 'prompt'", collect.Error, StringComparison.Ordinal);
        var sets = Lines(dir.File("candidates.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([4, 2], sets.Select(s => s.GetProperty("candidates").GetArrayLength()));
        Assert.Equal(2, sets[1].GetProperty("failures").GetArrayLength());

        var label = await CliRunner.RunAsync("prefs", "label", "--pairs", dir.File("candidates.jsonl"), "--judge", Spec(server),
            "--out", dir.File("labelled.jsonl")).WaitAsync(Guard);

        // p1: a0,a1,b0,b1 give 6 pairs (4 a-vs-b decided, a0-a1 and b0-b1 ties); p2: a0-a1 is a tie.
        Assert.Equal(0, label.ExitCode);
        Assert.Contains("labelled 4, ties 3, errors 0", label.Output, StringComparison.Ordinal);
        Assert.Contains("n/a (the input has no human labels)", label.Output, StringComparison.Ordinal);
        Assert.All(Lines(dir.File("labelled.jsonl")),
            l => Assert.Equal("SAFE answer", JsonDocument.Parse(l).RootElement.GetProperty("chosen").GetString()));
    }
}
