using System.Text.Json;
using AlignLab.Cai.Files;
using AlignLab.Cai.Generation;
using AlignLab.Cai.Tests.Support;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cai.Tests.Generation;

/// <summary>Issue 17, item 1: <c>cai generate</c>'s library side against the scripted model server over real HTTP.</summary>
public sealed class CaiDatasetRunTests : IDisposable
{
    private static readonly Principle[] Principles =
    [
        new("harmless", "Do not help with harm.", 1, "Point out harmful detail.", "Remove harmful detail.", SourceLocation.FileOnly("test.yaml")),
        new("honest", "Be truthful.", 1, null, null, SourceLocation.FileOnly("test.yaml")),
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "alignlab-cai-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static CaiPrompt[] Prompts(int n) => [.. Enumerable.Range(1, n).Select(i => new CaiPrompt($"p{i}", $"prompt number {i}"))];

    private static CaiServerScript RevisesOddPrompts() => new()
    {
        // Odd prompts: the initial answer violates, the revision does not. Even prompts: no violation at all.
        Critic = (prompt, response) => ScriptedReply.Text(
            int.Parse(prompt.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1
                && response.StartsWith("Initial", StringComparison.Ordinal)
                ? CaiServerScript.Verdict(true, 3)
                : CaiServerScript.Verdict(false, 9, "none")),
    };

    private static async Task<CaiSummary> RunAsync(
        ScriptedModelServer server, string dir, IEnumerable<CaiPrompt> prompts, int rounds = 3, CancellationToken cancellationToken = default)
    {
        using var client = ScriptedClients.Create(server);
        var generator = new CaiGenerator(client, client, client, Principles,
            new CaiGeneratorOptions { Rounds = rounds, PrinciplesPerRound = 1, Seed = 5, Models = new CaiModels("gen", "crit", "rev") });
        return await CaiDatasetRun.RunAsync(prompts, dir, generator, new CaiRunOptions { Concurrency = 4 }, null, cancellationToken);
    }

    private static List<JsonElement> Lines(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Records_sft_rows_and_pairs_round_trip_in_the_shapes_trl_reads()
    {
        var script = RevisesOddPrompts();
        await using var server = await ScriptedModelServer.StartAsync(script.Answer);

        var summary = await RunAsync(server, _dir, Prompts(4));

        Assert.Equal(4, summary.Records);
        Assert.Equal(4, summary.Generated);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(2, summary.Revised);
        Assert.Equal(0.5, summary.RevisionRate);
        Assert.Equal(6.0, summary.MeanScoreBefore); // odd prompts 3, even 9
        Assert.Equal(9.0, summary.MeanScoreAfter);
        Assert.Equal(2, summary.Pairs);
        Assert.Equal(4, summary.SftRecords);
        var records = File.ReadLines(Path.Combine(_dir, CaiFileNames.Records))
            .Select(l => JsonSerializer.Deserialize(l, CaiJsonContext.Lines.CaiRecord)!).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["p1", "p2", "p3", "p4"], records.Select(r => r.Id));
        var p1 = records[0];
        Assert.Equal("prompt number 1", p1.Prompt);
        Assert.Equal("Initial answer to prompt number 1", p1.Initial);
        Assert.Equal("Revised answer to prompt number 1", p1.Final);
        Assert.True(p1.Revised);
        Assert.Equal("no_violation", p1.StopReason);
        Assert.Equal(2, p1.Rounds.Count);
        Assert.True(p1.Rounds[0].Violation);
        Assert.Equal(3, p1.Rounds[0].Score);
        Assert.Equal("It gives harmful detail.", p1.Rounds[0].Critique);
        Assert.Single(p1.Rounds[0].Principles);
        Assert.Contains(p1.Rounds[0].Principles[0], new[] { "harmless", "honest" });
        Assert.Equal("Revised answer to prompt number 1", p1.Rounds[0].Revision);
        Assert.Null(p1.Rounds[1].Revision);
        Assert.Equal(3, p1.InitialScore);
        Assert.Equal(9, p1.FinalScore);
        Assert.Equal(new CaiModels("gen", "crit", "rev"), p1.Models);
        Assert.Equal(7, p1.Tokens.Generator.Input); // the scripted server reports 7 prompt tokens a call
        Assert.Equal(14, p1.Tokens.Critic.Input);
        Assert.Equal(7, p1.Tokens.Reviser.Input);
        Assert.True(p1.Tokens.Reviser.Output > 0);

        // The raw line: snake_case names.
        var raw = File.ReadLines(Path.Combine(_dir, CaiFileNames.Records)).First();
        Assert.Contains("\"stop_reason\":", raw, StringComparison.Ordinal);
        Assert.Contains("\"initial_score\":", raw, StringComparison.Ordinal);

        // sft.jsonl: conversational rows with only "messages", the final answer as the assistant turn.
        var sft = Lines(Path.Combine(_dir, CaiFileNames.Sft));
        Assert.Equal(4, sft.Count);
        Assert.All(sft, row => Assert.Equal(["messages"], row.EnumerateObject().Select(p => p.Name)));
        var p1Sft = sft.Single(r => r.GetProperty("messages")[0].GetProperty("content").GetString() == "prompt number 1");
        Assert.Equal("user", p1Sft.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("assistant", p1Sft.GetProperty("messages")[1].GetProperty("role").GetString());
        Assert.Equal("Revised answer to prompt number 1", p1Sft.GetProperty("messages")[1].GetProperty("content").GetString());

        // pairs.jsonl: only revised prompts; chosen = final, rejected = initial.
        var pairs = File.ReadLines(Path.Combine(_dir, CaiFileNames.Pairs)).Select(l => JsonSerializer.Deserialize<PreferencePair>(l)!).ToList();
        Assert.Equal(["p1", "p3"], pairs.Select(p => p.Id).Order(StringComparer.Ordinal));
        var pair = pairs.Single(p => p.Id == "p3");
        Assert.Equal(new PreferencePair
        {
            Prompt = "prompt number 3",
            Chosen = "Revised answer to prompt number 3",
            Rejected = "Initial answer to prompt number 3",
            Id = "p3",
            Source = "cai",
        }, pair);
    }

    [Fact]
    public async Task The_rounds_stop_at_the_first_critique_that_finds_no_violation_and_the_reviser_is_never_asked()
    {
        var script = new CaiServerScript(); // the critic never finds a violation
        await using var server = await ScriptedModelServer.StartAsync(script.Answer);

        var summary = await RunAsync(server, _dir, Prompts(3), rounds: 4);

        Assert.Equal(3, summary.Records);
        Assert.Equal(0, summary.Revised);
        Assert.Equal(1.0, summary.MeanRounds);
        Assert.Equal(3, summary.StopReasons["no_violation"]);
        Assert.Equal(0, server.Requests.Count(CaiServerScript.IsReviser));
        Assert.Equal(3, server.Requests.Count(CaiServerScript.IsCritic));
        Assert.Equal("", File.ReadAllText(Path.Combine(_dir, CaiFileNames.Pairs))); // nothing was revised
    }

    [Fact]
    public async Task Prompts_whose_model_answers_500_or_garbage_are_counted_and_listed_as_failures_never_written_as_data_and_retried_on_rerun()
    {
        var broken = true;
        var script = new CaiServerScript
        {
            Generator = prompt => broken && prompt.EndsWith(" 2", StringComparison.Ordinal) ? ScriptedReply.Fail(500)
                : broken && prompt.EndsWith(" 4", StringComparison.Ordinal) ? ScriptedReply.InvalidJson()
                : ScriptedReply.Text("Initial answer to " + prompt),
            Critic = (prompt, _) => ScriptedReply.Text(broken && prompt.EndsWith(" 5", StringComparison.Ordinal)
                ? "I would rather not say." // no VIOLATION line: the critic's answer cannot be read
                : CaiServerScript.Verdict(false, 8, "none")),
        };
        await using var server = await ScriptedModelServer.StartAsync(script.Answer);

        var summary = await RunAsync(server, _dir, Prompts(6));

        Assert.Equal(3, summary.Failed);
        Assert.Equal(3, summary.Generated);
        var records = Lines(Path.Combine(_dir, CaiFileNames.Records));
        Assert.Equal(["p1", "p3", "p6"], records.Select(r => r.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        var failures = CaiDatasetRun.ReadFailures(_dir).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["p2", "p4", "p5"], failures.Select(f => f.Id));
        Assert.Equal(["generator", "generator", "critic"], failures.Select(f => f.Stage));
        Assert.Equal(1, failures[2].Round);
        Assert.Contains("500", failures[0].Error, StringComparison.Ordinal);

        // The models are fixed; a rerun over the same directory does only the failed prompts.
        broken = false;
        var requestsBefore = server.ChatRequestCount;
        var rerun = await RunAsync(server, _dir, Prompts(6));

        Assert.Equal(3, rerun.Resumed);
        Assert.Equal(3, rerun.Generated);
        Assert.Equal(0, rerun.Failed);
        Assert.Equal(6, server.ChatRequestCount - requestsBefore); // 3 prompts x (answer + one critique)
        Assert.Equal(["p1", "p2", "p3", "p4", "p5", "p6"],
            Lines(Path.Combine(_dir, CaiFileNames.Records)).Select(r => r.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Empty(CaiDatasetRun.ReadFailures(_dir));
    }

    [Fact]
    public async Task A_run_cancelled_mid_way_and_a_torn_last_line_from_a_kill_resume_to_exactly_one_record_per_prompt()
    {
        var script = RevisesOddPrompts();
        await using var server = await ScriptedModelServer.StartAsync(script.Answer);
        var prompts = Prompts(40);

        // First run: cancelled once 10 records are written.
        using (var cts = new CancellationTokenSource())
        {
            server.Script = request =>
            {
                if (File.Exists(Path.Combine(_dir, CaiFileNames.Records)) && CountLines() >= 10)
                {
                    cts.Cancel();
                }

                return script.Answer(request);
            };
            var first = await RunAsync(server, _dir, prompts, cancellationToken: cts.Token);
            Assert.True(first.Cancelled);
            Assert.InRange(first.Records, 10, 39);
        }

        // A kill in the middle of a write leaves half a line behind.
        var path = Path.Combine(_dir, CaiFileNames.Records);
        var written = CountLines();
        await File.AppendAllTextAsync(path, "{\"id\":\"p40\",\"prompt\":\"prompt num");

        server.Script = script.Answer;
        var second = await RunAsync(server, _dir, prompts);

        Assert.False(second.Cancelled);
        Assert.True(second.TornBytes > 0);
        Assert.Equal(written, second.Resumed);
        Assert.Equal(40 - written, second.Generated);
        var ids = Lines(path).Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(prompts.Select(p => p.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal(40, File.ReadLines(Path.Combine(_dir, CaiFileNames.Sft)).Count());
        Assert.Equal(20, File.ReadLines(Path.Combine(_dir, CaiFileNames.Pairs)).Count());

        int CountLines()
        {
            using var stream = new FileStream(Path.Combine(_dir, CaiFileNames.Records), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var n = 0;
            while (reader.ReadLine() is not null)
            {
                n++;
            }

            return n;
        }
    }

    [Fact]
    public async Task The_same_seed_samples_the_same_principles_for_a_prompt_whatever_the_order_or_concurrency()
    {
        var script = RevisesOddPrompts();
        await using var server = await ScriptedModelServer.StartAsync(script.Answer);
        var other = _dir + "-b";
        try
        {
            await RunAsync(server, _dir, Prompts(9));
            await RunAsync(server, other, Prompts(9).Reverse());

            string Principles(string dir) => string.Join("|", Lines(Path.Combine(dir, CaiFileNames.Records))
                .OrderBy(r => r.GetProperty("id").GetString(), StringComparer.Ordinal)
                .Select(r => r.GetProperty("seed").GetInt32() + ":" + r.GetProperty("rounds")[0].GetProperty("principles")[0].GetString()));
            Assert.Equal(Principles(_dir), Principles(other));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }
}
