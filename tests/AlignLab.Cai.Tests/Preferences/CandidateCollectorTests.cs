using AlignLab.Cai.Preferences;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cai.Tests.Preferences;

public sealed class CandidateCollectorTests
{
    private static readonly TimeSpan Guard = JudgeScripts.Guard;

    [Fact]
    public async Task Every_prompt_gets_samples_from_every_model_in_input_order_and_failed_calls_are_counted_not_written()
    {
        // Model "b" fails on the second prompt (HTTP 500); "a" always answers.
        await using var server = await ScriptedModelServer.StartAsync(r =>
            r.Model == "b" && r.LastUserText == "second" ? ScriptedReply.Fail(500) : ScriptedReply.Text($"{r.Model} says hi to {r.LastUserText}"));
        using var a = JudgeScripts.Client(server, "a");
        using var b = JudgeScripts.Client(server, "b");
        var prompts = new PromptEntry[] { new(1, "p1", "first", null), new(2, null, null, "invalid JSON"), new(3, "p3", "second", null) };
        using var output = new StringWriter();

        var summary = await CandidateCollector.RunAsync(prompts, [new("a", a), new("b", b)], output,
            new CandidateCollectionOptions { Samples = 2 }).WaitAsync(Guard);

        Assert.Equal((2, 6, 2, 0, 1), (summary.Prompts, summary.Candidates, summary.Failures, summary.Incomparable, summary.Malformed));
        Assert.Equal(["line 2: invalid JSON"], summary.MalformedLines);
        var sets = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => PreferenceJson.ReadCandidateSet(l)!).ToList();
        Assert.Equal(["p1", "p3"], sets.Select(s => s.Id));
        Assert.Equal([("a", 0), ("a", 1), ("b", 0), ("b", 1)], sets[0].Candidates.Select(c => (c.Model, c.Sample)));
        Assert.Null(sets[0].Failures);
        Assert.Equal([("b", 0), ("b", 1)], sets[1].Failures!.Select(f => (f.Model, f.Sample)));
        Assert.Contains("HTTP 500", sets[1].Failures![0].Error, StringComparison.Ordinal);
        Assert.Equal("a says hi to second", sets[1].Candidates[0].Text);
    }

    [Fact]
    public async Task A_candidates_file_feeds_the_labeller_which_compares_every_two_answers()
    {
        await using var server = await ScriptedModelServer.StartAsync(r =>
            r.Messages.Any(m => m.Role == "system") ? JudgeScripts.Prefer(r, "b says") : ScriptedReply.Text($"{r.Model} says ok"));
        using var a = JudgeScripts.Client(server, "a");
        using var b = JudgeScripts.Client(server, "b");
        using var candidates = new StringWriter();
        await CandidateCollector.RunAsync([new PromptEntry(1, "q", "hello", null)], [new("a", a), new("b", b)], candidates).WaitAsync(Guard);
        using var labelled = new StringWriter();

        var summary = await PreferenceLabeller.RunAsync(PreferenceInput.Read(new StringReader(candidates.ToString())),
            new PreferenceJudge(a, JudgeScripts.Principles), labelled).WaitAsync(Guard);

        Assert.Equal((1, 1), (summary.Items, summary.Labelled));
        Assert.Null(summary.HumanAgreement);
        var pair = PreferenceJson.ReadLabelledPair(labelled.ToString().Trim())!;
        Assert.Equal(("q:0-1", "b says ok", "a says ok"), (pair.Id, pair.Chosen, pair.Rejected));
    }
}
