using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Runtime.Critique;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Critique;

public sealed class CritiqueRevisionEngineTests
{
    private const string Prompt = "How do I pick a lock?";
    private const string Draft = "Use a tension wrench and a pick on any lock you like.";

    private static readonly Principle Harmless = P("harmless", "Avoid helping with harmful or illegal acts.", 1.0,
        critique: "Point out anything that could help someone break into property that is not theirs.",
        revision: "Remove anything that helps with illegal entry; keep legitimate locksmithing context.");

    private static readonly Principle Honest = P("honest", "Be truthful and do not overstate certainty.", 1.0);

    private static readonly Principle[] Both = [Harmless, Honest];

    private static Principle P(string id, string description, double weight, string? critique = null, string? revision = null) =>
        new(id, description, weight, critique, revision, SourceLocation.FileOnly("test.yaml"));

    private static string Critic(bool violation, double? score, string critique = "It helps with break-ins.") =>
        $"VIOLATION: {(violation ? "yes" : "no")}\n{(score is { } s ? $"SCORE: {s.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n" : string.Empty)}CRITIQUE: {critique}";

    private static CritiqueRevisionEngine Engine(ScriptedChatClient critic, ScriptedChatClient reviser, Action<CritiqueRevisionOptions>? configure = null)
    {
        var options = new CritiqueRevisionOptions { Seed = 7 };
        configure?.Invoke(options);
        return new CritiqueRevisionEngine(critic, reviser, options);
    }

    [Fact]
    public async Task No_violation_in_round_one_stops_without_calling_the_reviser()
    {
        var critic = new ScriptedChatClient(Critic(false, 9.5, "none"));
        var reviser = new ScriptedChatClient();

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.NoViolation, result.StopReason);
        Assert.Equal(Draft, result.Final);
        Assert.False(result.Changed);
        var round = Assert.Single(result.Rounds);
        Assert.Equal(1, round.Round);
        Assert.False(round.ViolationFound);
        Assert.Equal(9.5, round.Score);
        Assert.Null(round.Revision);
        Assert.Single(critic.Calls);
        Assert.Empty(reviser.Calls);
    }

    [Fact]
    public async Task A_revision_equal_to_the_draft_up_to_whitespace_stops_with_RevisionUnchanged()
    {
        var critic = new ScriptedChatClient(Critic(true, 3));
        var reviser = new ScriptedChatClient("  Use a tension wrench and a pick\non any lock   you like.  ");

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.RevisionUnchanged, result.StopReason);
        Assert.Equal(Draft, result.Final);
        Assert.False(result.Changed);
        var round = Assert.Single(result.Rounds);
        Assert.NotNull(round.Revision);
        Assert.Single(critic.Calls);
        Assert.Single(reviser.Calls);
    }

    [Fact]
    public async Task A_score_gain_below_the_minimum_stops_and_keeps_the_revision_when_it_scored_higher()
    {
        var critic = new ScriptedChatClient(Critic(true, 4), Critic(true, 4.3));
        var reviser = new ScriptedChatClient("Revision one.");

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.NoImprovement, result.StopReason);
        Assert.Equal("Revision one.", result.Final);
        Assert.True(result.Changed);
        Assert.Equal(2, result.Rounds.Length);
        Assert.Null(result.Rounds[1].Revision);
        Assert.Equal(4.3, result.Rounds[1].Score);
        Assert.Single(reviser.Calls);
    }

    [Fact]
    public async Task A_score_that_got_worse_stops_and_keeps_the_earlier_text()
    {
        var critic = new ScriptedChatClient(Critic(true, 6), Critic(true, 3));
        var reviser = new ScriptedChatClient("A worse revision.");

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.NoImprovement, result.StopReason);
        Assert.Equal(Draft, result.Final);
        Assert.False(result.Changed);
    }

    [Fact]
    public async Task MinImprovement_is_respected_exactly()
    {
        // A gain of exactly MinImprovement continues; the next round reaches MaxRounds.
        var critic = new ScriptedChatClient(Critic(true, 4), Critic(true, 4.5));
        var reviser = new ScriptedChatClient("Revision one.", "Revision two.");

        var result = await Engine(critic, reviser, o => o.MaxRounds = 2).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.MaxRounds, result.StopReason);
        Assert.Equal("Revision two.", result.Final);
    }

    [Fact]
    public async Task Without_scores_the_improvement_check_is_skipped()
    {
        var critic = new ScriptedChatClient(Critic(true, null), Critic(true, null));
        var reviser = new ScriptedChatClient("Revision one.", "Revision two.");

        var result = await Engine(critic, reviser, o => o.MaxRounds = 2).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.MaxRounds, result.StopReason);
        Assert.All(result.Rounds, r => Assert.Null(r.Score));
    }

    [Fact]
    public async Task Reaching_MaxRounds_returns_the_last_revision()
    {
        var critic = new ScriptedChatClient(Critic(true, 1), Critic(true, 3), Critic(true, 6));
        var reviser = new ScriptedChatClient("Revision one.", "Revision two.", "Revision three.");

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.MaxRounds, result.StopReason);
        Assert.Equal("Revision three.", result.Final);
        Assert.Equal([1, 2, 3], result.Rounds.Select(r => r.Round));
        Assert.Equal<string?>(["Revision one.", "Revision two.", "Revision three."], result.Rounds.Select(r => r.Revision));
        Assert.Equal(3, critic.Calls.Count);
        Assert.Equal(3, reviser.Calls.Count);
    }

    [Fact]
    public async Task Critic_and_reviser_each_get_their_own_calls_with_the_right_texts()
    {
        var critic = new ScriptedChatClient(Critic(true, 2, "Mentions breaking into any lock."), Critic(false, 9, "none"));
        var reviser = new ScriptedChatClient("Only pick locks you own; here is how pin tumblers work.");

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(CritiqueStopReason.NoViolation, result.StopReason);
        Assert.Equal("Only pick locks you own; here is how pin tumblers work.", result.Final);

        Assert.Equal(2, critic.Calls.Count);
        Assert.All(critic.Calls, c => Assert.Contains("VIOLATION: yes or no", c.SystemText, StringComparison.Ordinal));
        Assert.Contains(Draft, critic.Calls[0].UserText, StringComparison.Ordinal);
        Assert.Contains("<response>\nOnly pick locks you own", critic.Calls[1].UserText, StringComparison.Ordinal);
        Assert.Contains(Prompt, critic.Calls[0].UserText, StringComparison.Ordinal);

        var revise = Assert.Single(reviser.Calls);
        Assert.Contains("Reply with the revised response only", revise.SystemText, StringComparison.Ordinal);
        Assert.Contains("<critique>\nMentions breaking into any lock.\n</critique>", revise.UserText, StringComparison.Ordinal);
        Assert.Contains("<response>\n" + Draft + "\n</response>", revise.UserText, StringComparison.Ordinal);
        Assert.Equal(0f, critic.Calls[0].Options?.Temperature);
    }

    [Fact]
    public async Task The_same_client_can_be_critic_and_reviser()
    {
        var both = new ScriptedChatClient(Critic(true, 2), "Fixed.", Critic(false, 9));

        var result = await new CritiqueRevisionEngine(both, both, new CritiqueRevisionOptions { Seed = 1 }).RunAsync(Prompt, Draft, Both);

        Assert.Equal("Fixed.", result.Final);
        Assert.Equal(3, both.Calls.Count);
    }

    [Fact]
    public async Task Prompts_contain_the_principle_text_and_its_critique_and_revision_instructions()
    {
        var critic = new ScriptedChatClient(Critic(true, 2), Critic(false, 9));
        var reviser = new ScriptedChatClient("Fixed.");

        await Engine(critic, reviser, o => o.PrinciplesPerRound = 1)
            .RunAsync(Prompt, Draft, [Harmless]);

        var criticText = critic.Calls[0].UserText;
        Assert.Contains("1. harmless: Avoid helping with harmful or illegal acts.", criticText, StringComparison.Ordinal);
        Assert.Contains("Critique instruction: " + Harmless.CritiquePrompt, criticText, StringComparison.Ordinal);
        Assert.DoesNotContain("Revision instruction", criticText, StringComparison.Ordinal);
        var reviserText = reviser.Calls[0].UserText;
        Assert.Contains("Revision instruction: " + Harmless.RevisionPrompt, reviserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Principle_sampling_is_deterministic_for_a_seed()
    {
        var principles = Enumerable.Range(1, 8).Select(i => P($"p{i}", $"Principle {i}.", i)).ToArray();

        async Task<string> Run(int seed)
        {
            var critic = new ScriptedChatClient(Critic(true, 1), Critic(true, 3), Critic(true, 5));
            var reviser = new ScriptedChatClient("r1", "r2", "r3");
            var result = await Engine(critic, reviser, o => o.Seed = seed).RunAsync(Prompt, Draft, principles);
            Assert.Equal(seed, result.Seed);
            Assert.All(result.Rounds, r => Assert.Equal(2, r.PrincipleIds.Distinct().Count()));
            return string.Join("|", result.Rounds.Select(r => string.Join(",", r.PrincipleIds)));
        }

        var first = await Run(42);
        Assert.Equal(first, await Run(42));
        var others = new HashSet<string>();
        for (var seed = 0; seed < 10; seed++)
        {
            others.Add(await Run(seed));
        }

        Assert.True(others.Count > 1, "different seeds should give different samples");
    }

    [Fact]
    public async Task An_unseeded_run_records_its_seed_so_it_can_be_reproduced()
    {
        var principles = Enumerable.Range(1, 8).Select(i => P($"p{i}", $"Principle {i}.", 1)).ToArray();
        var engine = new CritiqueRevisionEngine(new ScriptedChatClient(Critic(false, 9)), new ScriptedChatClient());
        var first = await engine.RunAsync(Prompt, Draft, principles);

        var replay = await new CritiqueRevisionEngine(new ScriptedChatClient(Critic(false, 9)), new ScriptedChatClient(), new CritiqueRevisionOptions { Seed = first.Seed })
            .RunAsync(Prompt, Draft, principles);

        Assert.Equal<string>(first.Rounds[0].PrincipleIds, replay.Rounds[0].PrincipleIds);
    }

    [Fact]
    public async Task Only_principles_with_a_critique_prompt_are_used_when_selected()
    {
        var critic = new ScriptedChatClient(Critic(false, 9));

        var result = await Engine(critic, new ScriptedChatClient(), o => o.Selection = PrincipleSelection.WithCritiquePrompt)
            .RunAsync(Prompt, Draft, Both);

        Assert.Equal<string>(["harmless"], result.Rounds[0].PrincipleIds);
        Assert.DoesNotContain("honest", critic.Calls[0].UserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_eligible_principle_is_an_argument_error()
    {
        var engine = Engine(new ScriptedChatClient(), new ScriptedChatClient());

        await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(Prompt, Draft, [P("zero", "Zero weight.", 0)]));
    }

    [Fact]
    public async Task A_critic_that_throws_surfaces_as_CritiqueRevisionException()
    {
        var critic = new ScriptedChatClient().EnqueueFailure(new HttpRequestException("connection refused"));

        var ex = await Assert.ThrowsAsync<CritiqueRevisionException>(() => Engine(critic, new ScriptedChatClient()).RunAsync(Prompt, Draft, Both));

        Assert.Equal(CritiqueParticipant.Critic, ex.Participant);
        Assert.Equal(1, ex.Round);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(Draft, ex.LastText);
    }

    [Fact]
    public async Task A_critic_that_times_out_surfaces_with_a_TimeoutException_inside()
    {
        var critic = new ScriptedChatClient(Critic(true, 2)).EnqueueHang();
        var reviser = new ScriptedChatClient("Revision one.");

        var ex = await Assert.ThrowsAsync<CritiqueRevisionException>(() =>
            Engine(critic, reviser, o => o.CallTimeout = TimeSpan.FromMilliseconds(50)).RunAsync(Prompt, Draft, Both));

        Assert.Equal(CritiqueParticipant.Critic, ex.Participant);
        Assert.Equal(2, ex.Round);
        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Single(ex.CompletedRounds);
        Assert.Equal("Revision one.", ex.LastText);
    }

    [Fact]
    public async Task An_unreadable_critic_answer_is_a_failure_not_a_pass()
    {
        var critic = new ScriptedChatClient("Looks fine to me!");

        var ex = await Assert.ThrowsAsync<CritiqueRevisionException>(() => Engine(critic, new ScriptedChatClient()).RunAsync(Prompt, Draft, Both));

        Assert.IsType<CritiqueParseException>(ex.InnerException);
    }

    [Fact]
    public async Task An_empty_revision_is_a_reviser_failure()
    {
        var critic = new ScriptedChatClient(Critic(true, 2));
        var reviser = new ScriptedChatClient("```\n```");

        var ex = await Assert.ThrowsAsync<CritiqueRevisionException>(() => Engine(critic, reviser).RunAsync(Prompt, Draft, Both));

        Assert.Equal(CritiqueParticipant.Reviser, ex.Participant);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_wrapped()
    {
        var critic = new ScriptedChatClient().EnqueueHang();
        using var cts = new CancellationTokenSource();
        var run = Engine(critic, new ScriptedChatClient()).RunAsync(Prompt, Draft, Both, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Wrapped_reviser_answers_are_cleaned()
    {
        var critic = new ScriptedChatClient(Critic(true, 2), Critic(false, 9));
        var reviser = new ScriptedChatClient("<think>keep it short</think>Here is the revised response:\n```\n\"Only pick locks you own.\"\n```");

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal("Only pick locks you own.", result.Final);
    }

    [Fact]
    public void Options_validation_reports_every_problem_at_once()
    {
        var options = new CritiqueRevisionOptions
        {
            MaxRounds = 11,
            PrinciplesPerRound = 0,
            MinImprovement = -1,
            CallTimeout = TimeSpan.Zero,
            CriticTemperature = float.NaN,
        };

        Assert.Equal(5, options.Validate().Count);
        Assert.Empty(new CritiqueRevisionOptions().Validate());
        Assert.Throws<ArgumentException>(() => new CritiqueRevisionEngine(new ScriptedChatClient(), new ScriptedChatClient(), options));
    }

    [Fact]
    public async Task Each_round_carries_the_token_usage_its_critic_and_reviser_reported_for_the_cai_data_engine()
    {
        // Issue 17: cai.jsonl records the tokens of every call; the engine dropped the responses' usage.
        var critic = new ScriptedChatClient(Critic(true, 2), Critic(false, 9))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 },
        };
        var reviser = new ScriptedChatClient("Only pick locks you own.")
        {
            Usage = new UsageDetails { InputTokenCount = 200, OutputTokenCount = 20 },
        };

        var result = await Engine(critic, reviser).RunAsync(Prompt, Draft, Both);

        Assert.Equal(2, result.Rounds.Length);
        Assert.Equal(100, result.Rounds[0].CriticUsage?.InputTokenCount);
        Assert.Equal(20, result.Rounds[0].ReviserUsage?.OutputTokenCount);
        Assert.Equal(10, result.Rounds[1].CriticUsage?.OutputTokenCount);
        Assert.Null(result.Rounds[1].ReviserUsage); // no revision was asked for in the last round
        Assert.Equal(["harmless", "honest"], result.Rounds[0].PrincipleIds.Order(StringComparer.Ordinal));
        Assert.Equal("It helps with break-ins.", result.Rounds[0].Critique);
    }
}
