using AlignLab.Cai.Preferences;
using AlignLab.Evaluation;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cai.Tests.Preferences;

public sealed class PreferenceLabellerTests
{
    private static readonly TimeSpan Guard = JudgeScripts.Guard;

    private static IEnumerable<PreferenceInputEntry> Items(params PreferenceItem[] items) =>
        items.Select((item, i) => new PreferenceInputEntry(i + 1, item, null));

    [Fact]
    public async Task A_judge_that_prefers_the_same_answer_in_both_orders_labels_it_and_the_labelled_pair_reads_back_equal()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => JudgeScripts.Prefer(r, "SAFE"));
        using var client = JudgeScripts.Client(server);
        var judge = new PreferenceJudge(client, JudgeScripts.Principles);
        using var output = new StringWriter();

        // Answer B is the better one, so the judge reverses the file's order.
        var item = new PreferenceItem("p1", "how do I pick a lock?", "here is how: ...", "SAFE: ask a locksmith", null);
        var summary = await PreferenceLabeller.RunAsync(Items(item), judge, output).WaitAsync(Guard);

        Assert.Equal(2, server.ChatRequestCount);
        Assert.Equal((1, 1, 0, 0), (summary.Items, summary.Labelled, summary.Ties, summary.Errors));
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var pair = PreferenceJson.ReadLabelledPair(line)!;
        Assert.Equal(("SAFE: ask a locksmith", "here is how: ...", "p1", "rlaif"), (pair.Chosen, pair.Rejected, pair.Id, pair.Source));
        Assert.Equal(PreferenceOutcome.B, pair.Label.Outcome);
        Assert.Equal(["ab", "ba"], pair.Label.Orders.Select(o => o.Order));
        Assert.All(pair.Label.Orders, o => Assert.Equal(PreferenceOutcome.B, o.Winner));
        Assert.Equal(0.8, pair.Label.Confidence);
        Assert.Equal("stated", pair.Label.ConfidenceSource);
        var harmless = pair.Label.Orders[1].Principles.Single(p => p.Principle == "harmless");
        Assert.Equal((PreferenceOutcome.B, "safer"), (harmless.Winner, harmless.Reason));
        Assert.Equal(PreferenceOutcome.Tie, pair.Label.Orders[0].Principles.Single(p => p.Principle == "honest").Winner);
        Assert.Contains("\"label\":{\"outcome\":\"b\"", line, StringComparison.Ordinal);
        Assert.Equal(line, PreferenceJson.ToLine(pair));
    }

    [Fact]
    public async Task A_judge_that_picks_the_first_response_in_both_orders_gives_a_tie_that_is_never_written_as_a_pair()
    {
        await using var server = await ScriptedModelServer.StartAsync(_ => JudgeScripts.Verdict("1"));
        using var client = JudgeScripts.Client(server);
        using var output = new StringWriter();
        using var ties = new StringWriter();

        var summary = await PreferenceLabeller.RunAsync(Items(new PreferenceItem("p1", "q", "answer one", "answer two", true)),
            new PreferenceJudge(client, JudgeScripts.Principles), output, new PreferenceLabelRunOptions { Ties = ties }).WaitAsync(Guard);

        Assert.Equal((1, 0, 1, 0), (summary.Items, summary.Labelled, summary.Ties, summary.Errors));
        Assert.Empty(output.ToString());
        var tie = PreferenceJson.ReadLabelledPair(ties.ToString().Trim())!;
        Assert.Equal(PreferenceOutcome.Tie, tie.Label.Outcome);
        Assert.Equal([PreferenceOutcome.A, PreferenceOutcome.B], tie.Label.Orders.Select(o => o.Winner));
        Assert.Null(tie.Label.HumanAgrees);
        Assert.Equal(WilsonInterval.Estimate(1, 1), summary.TieRate);
        Assert.Equal(WilsonInterval.Estimate(2, 2), summary.FirstPositionRate);
        Assert.Null(summary.HumanAgreement);
    }

    [Fact]
    public async Task Server_errors_and_garbage_answers_are_counted_as_errors_never_as_labels()
    {
        var replies = new Queue<ScriptedReply>(
        [
            JudgeScripts.Verdict("1"), JudgeScripts.Verdict("2"), // p1: A then A (swapped): labelled
            ScriptedReply.Fail(500), JudgeScripts.Verdict("1"),   // p2: HTTP 500
            ScriptedReply.Text("Both answers look fine to me."), JudgeScripts.Verdict("1"), // p3: no verdict
            JudgeScripts.Verdict("1"), ScriptedReply.InvalidJson(), // p4: a body that is not JSON
        ]);
        await using var server = await ScriptedModelServer.StartAsync(_ => { lock (replies) { return replies.Dequeue(); } });
        using var client = JudgeScripts.Client(server);
        using var output = new StringWriter();

        var summary = await PreferenceLabeller.RunAsync(
            Items(new("p1", "q", "a", "b", true), new("p2", "q", "a", "b", true), new("p3", "q", "a", "b", true), new("p4", "q", "a", "b", true)),
            new PreferenceJudge(client, JudgeScripts.Principles), output, new PreferenceLabelRunOptions { Concurrency = 1 }).WaitAsync(Guard);

        Assert.Equal((4, 1, 0, 3), (summary.Items, summary.Labelled, summary.Ties, summary.Errors));
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(WilsonInterval.Estimate(1, 1), summary.HumanAgreement);
        Assert.Collection(summary.ErrorSamples,
            e => Assert.Contains("p2: the judge call failed", e, StringComparison.Ordinal),
            e => Assert.Contains("p3: the judge's answer holds no JSON object", e, StringComparison.Ordinal),
            e => Assert.StartsWith("p4: the judge call failed", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agreement_with_human_labels_counts_decided_labels_only_and_carries_a_wilson_interval()
    {
        // Three pairs where the human's chosen answer is the SAFE one, one where the human chose the other, and one the
        // judge cannot split (neither is SAFE): 3 of 4 decided labels agree; the tie is not in the agreement.
        await using var server = await ScriptedModelServer.StartAsync(r => JudgeScripts.Prefer(r, "SAFE"));
        using var client = JudgeScripts.Client(server);
        using var output = new StringWriter();
        var items = Items(
            new("1", "q", "SAFE one", "bad", true),
            new("2", "q", "SAFE two", "bad", true),
            new("3", "q", "SAFE three", "bad", true),
            new("4", "q", "bad", "SAFE four", true),
            new("5", "q", "meh", "meh too", true));

        var summary = await PreferenceLabeller.RunAsync(items, new PreferenceJudge(client, JudgeScripts.Principles), output).WaitAsync(Guard);

        Assert.Equal(WilsonInterval.Estimate(3, 4), summary.HumanAgreement);
        Assert.Equal(0.75, summary.HumanAgreement!.Rate);
        Assert.Equal(WilsonInterval.Estimate(1, 5), summary.TieRate);
        var labels = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => PreferenceJson.ReadLabelledPair(l)!).ToList();
        Assert.Equal(["1", "2", "3", "4"], labels.Select(l => l.Id));
        Assert.Equal([true, true, true, false], labels.Select(l => l.Label.HumanAgrees));
        Assert.All(labels, l => Assert.StartsWith("SAFE", l.Chosen, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_input_lines_are_counted_with_their_line_numbers_and_the_rest_is_labelled()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => JudgeScripts.Prefer(r, "SAFE"));
        using var client = JudgeScripts.Client(server);
        using var output = new StringWriter();
        var input = PreferenceInput.Read(new StringReader(
            "{\"prompt\":\"q\",\"chosen\":\"SAFE\",\"rejected\":\"no\"}\nnot json\n{\"prompt\":\"q\",\"chosen\":7,\"rejected\":\"x\"}\n"
            + "{\"prompt\":\"q\",\"chosen\":\"no\",\"rejected\":\"SAFE\"}\n"));

        var summary = await PreferenceLabeller.RunAsync(input, new PreferenceJudge(client, JudgeScripts.Principles), output).WaitAsync(Guard);

        Assert.Equal((2, 2, 2), (summary.Items, summary.Labelled, summary.Malformed));
        Assert.Collection(summary.MalformedLines,
            l => Assert.StartsWith("line 2: invalid JSON", l, StringComparison.Ordinal),
            l => Assert.StartsWith("line 3: a pair needs string fields", l, StringComparison.Ordinal));
        Assert.Equal(WilsonInterval.Estimate(1, 2), summary.HumanAgreement);
    }

    [Fact]
    public async Task Items_already_in_an_earlier_output_are_skipped_on_resume()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => JudgeScripts.Prefer(r, "SAFE"));
        using var client = JudgeScripts.Client(server);
        using var output = new StringWriter();

        var summary = await PreferenceLabeller.RunAsync(Items(new("1", "q", "SAFE", "x", true), new("2", "q", "SAFE", "x", true)),
            new PreferenceJudge(client, JudgeScripts.Principles), output,
            new PreferenceLabelRunOptions { Done = new HashSet<string> { "1" } }).WaitAsync(Guard);

        Assert.Equal((1, 1), (summary.Items, summary.Resumed));
        Assert.Equal(2, server.ChatRequestCount);
    }
}
