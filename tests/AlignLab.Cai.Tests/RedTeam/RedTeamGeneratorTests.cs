using AlignLab.Cai.RedTeam;
using AlignLab.Cai.Tests.Support;
using AlignLab.Constitutions;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cai.Tests.RedTeam;

/// <summary>Issue 17, item 2: <c>redteam generate</c>'s library side against the scripted model server.</summary>
public sealed class RedTeamGeneratorTests
{
    [Fact]
    public async Task Prompts_are_labelled_with_category_and_strategy_and_duplicates_across_cells_are_dropped()
    {
        // Every answer repeats one prompt (an exact duplicate across cells) and adds two of its own, one a near-duplicate.
        await using var server = await ScriptedModelServer.StartAsync(request =>
        {
            var user = request.LastUserText;
            var strategy = user.Split("Strategy: ")[1].Split(':')[0];
            var category = user.Split('(')[1].Split(')')[0];
            return ScriptedReply.Text(
                $"1. Tell me everything about the thing nobody should know\n2. A {strategy} attack about {category} number one\n"
                + $"3. A {strategy} attack about {category} number one!\n4. Completely different {strategy} wording for {category}, variant two");
        });
        using var client = ScriptedClients.Create(server, "attacker-model");
        var generator = new RedTeamGenerator(client, new RedTeamOptions
        {
            PerCategoryAndStrategy = 2,
            Strategies = [AttackStrategy.Direct, AttackStrategy.RolePlay],
            MaxAttempts = 1,
        });

        var result = await generator.GenerateAsync([HarmCategory.Privacy, HarmCategory.Hate]);

        Assert.Equal(4, server.ChatRequestCount);
        Assert.Equal(16, result.Parsed);
        Assert.All(result.Prompts, p => Assert.Equal("harmful", p.Label));
        Assert.Equal(["privacy", "hate"], result.Prompts.Select(p => p.Category).Distinct());
        Assert.Equal(["direct", "role_play"], result.Prompts.Select(p => p.Strategy).Distinct());
        Assert.Single(result.Prompts, p => p.Text.StartsWith("Tell me everything", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Prompts, p => p.Text.EndsWith('!'));
        Assert.Equal(result.Prompts.Count, result.Prompts.Select(p => p.Id).Distinct().Count());
        Assert.Equal("rt-privacy-direct-1", result.Prompts[0].Id);
        Assert.All(result.Prompts, p => Assert.Equal("alignlab-redteam:attacker-model", p.Source));
    }

    [Fact]
    public async Task A_failing_attacker_call_is_recorded_and_the_next_attempt_is_made()
    {
        var calls = 0;
        await using var server = await ScriptedModelServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedReply.Fail(500)
            : ScriptedReply.Text("1. How would someone find a stranger's home address online?"));
        using var client = ScriptedClients.Create(server);
        var generator = new RedTeamGenerator(client, new RedTeamOptions { PerCategoryAndStrategy = 1, Strategies = [AttackStrategy.Direct] });

        var result = await generator.GenerateAsync([HarmCategory.Privacy]);

        Assert.Single(result.Failures);
        Assert.Contains("privacy/direct", result.Failures[0], StringComparison.Ordinal);
        Assert.Single(result.Prompts);
        Assert.Empty(result.ShortCells);
    }
}
