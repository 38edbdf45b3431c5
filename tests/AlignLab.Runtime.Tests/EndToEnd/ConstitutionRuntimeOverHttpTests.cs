using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Review;
using AlignLab.Runtime.Tests.TestSupport;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.EndToEnd;

/// <summary>
/// Critique→revision, judges, consensus and the review queue configured from a constitution's YAML, with every model
/// (generator, critic, judges) a scripted upstream behind real HTTP on loopback, reached through the OpenAI SDK.
/// </summary>
public sealed class ConstitutionRuntimeOverHttpTests
{
    private static Constitution Policy(ScriptedModelServer server, string body) =>
        TestPolicies.Load($$"""
            constitutional_ai:
              name: runtime-e2e
              pii: {enabled: false}
              core_principles:
                - {id: harmless, description: Do not help anyone cause harm., critique: Find harmful detail., revision: Remove harmful detail.}
                - {id: honest, description: Do not invent facts., critique: Find invented facts., revision: Fix invented facts.}
              models:
                critic: "openai:critic@{{server.OpenAIBaseUrl}};timeout=5s;retries=0"
                guard_a: "openai:guard-a@{{server.OpenAIBaseUrl}};timeout=5s;retries=0"
                guard_b: "openai:guard-b@{{server.OpenAIBaseUrl}};timeout=5s;retries=0"
            {{body}}
            """);

    private static AlignedChatClient Client(ScriptedModelServer server, Constitution policy, bool useClassifier = true)
    {
        var providerOptions = new ProviderOptions { GetEnvironmentVariable = _ => null };
        IChatClient Create(ModelSpec spec) => ChatClientFactory.Create(spec, providerOptions);
        var generator = Create(ModelSpec.Parse($"openai:generator@{server.OpenAIBaseUrl};timeout=5s;retries=0"));
        var options = ConstitutionRuntime.CreateOptions(policy, Create, generator);
        options.UseClassifier = useClassifier;
        return new AlignedChatClient(generator, new AlignmentPipeline(options));
    }

    private static string Last(ScriptedRequest r) => r.Messages.Count == 0 ? "" : r.Messages[^1].Text;

    private static string All(ScriptedRequest r) => string.Join("\n", r.Messages.Select(m => m.Text));

    [Fact]
    public async Task Critique_revision_against_a_scripted_critic_stops_on_convergence()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => r.Model switch
        {
            "generator" => ScriptedReply.Text("Draft answer that overstates a fact."),
            "critic" when All(r).Contains("Write the revised response", StringComparison.Ordinal) => ScriptedReply.Text("Revised answer, stated with care."),
            "critic" when All(r).Contains("Draft answer", StringComparison.Ordinal) => ScriptedReply.Text("VIOLATION: yes\nSCORE: 4\nCRITIQUE: The answer overstates a fact."),
            "critic" => ScriptedReply.Text("VIOLATION: no\nSCORE: 9\nCRITIQUE: none"),
            _ => ScriptedReply.Fail(404),
        });
        var policy = Policy(server, "  critique_revision: {critic: critic, max_rounds: 5, principles_per_round: 1, seed: 3}\n");
        using var client = Client(server, policy, useClassifier: false);

        var response = await client.GetResponseAsync("Tell me about the moon landing.").WaitAsync(ScriptedUpstream.Guard);

        Assert.Equal("Revised answer, stated with care.", response.Text);
        var step = Assert.Single(response.GetAlignmentTrace()!.Events, e => e.Kind == "critique_revision");
        Assert.Equal("NoViolation", (string?)step.Data!["stop_reason"]);
        Assert.Equal(2, step.Data["rounds"]!.AsArray().Count);
        // One generation, two critiques, one revision: it stopped as soon as the critic found nothing more.
        Assert.Equal(1, server.Requests.Count(r => r.Model == "generator"));
        Assert.Equal(3, server.Requests.Count(r => r.Model == "critic"));
    }

    [Fact]
    public async Task Veto_by_a_scripted_guard_model_blocks_despite_a_low_weighted_score()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => r.Model switch
        {
            "generator" => ScriptedReply.Text("Here is some general chemistry trivia about salts."),
            "guard-a" => ScriptedReply.Text("unsafe\nS9"),
            "guard-b" => ScriptedReply.Text("safe"),
            _ => ScriptedReply.Fail(404),
        });
        var policy = Policy(server, """
              judges:
                - {id: judge_a, model: guard_a, template: llama_guard, stages: [output]}
                - {id: judge_b, model: guard_b, template: llama_guard, stages: [output]}
              consensus:
                validators:
                  - {id: a, detector: judge_a, weight: 1, veto_power: [indiscriminate_weapons]}
                  - {id: b, detector: judge_b, weight: 4}
                approval_threshold: 0.5
                escalate_to_human: false
            """);
        // Judges on their own would refuse; this test isolates consensus, so only the consensus validators run them.
        var options = ConstitutionRuntime.CreateOptions(policy, s => ChatClientFactory.Create(s, new ProviderOptions { GetEnvironmentVariable = _ => null }));
        options.Detectors.Clear();
        options.UseClassifier = false;
        var generator = ChatClientFactory.Create(ModelSpec.Parse($"openai:generator@{server.OpenAIBaseUrl};timeout=5s;retries=0"), new ProviderOptions { GetEnvironmentVariable = _ => null });
        using var client = new AlignedChatClient(generator, new AlignmentPipeline(options));

        var response = await client.GetResponseAsync("a chemistry question").WaitAsync(ScriptedUpstream.Guard);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        var trace = response.GetAlignmentTrace()!;
        Assert.Equal(AlignmentAction.Block, trace.FinalAction);
        var consensus = Assert.Single(trace.Events, e => e.Kind == "consensus");
        Assert.Equal("Block", (string?)consensus.Data!["verdict"]);
        Assert.True((double)consensus.Data["weighted_score"]! < 0.5);
        Assert.Contains("a", consensus.Data["vetoed_by"]!.AsArray().Select(x => (string?)x));
    }

    [Fact]
    public async Task Disagreement_between_scripted_validators_lands_in_the_review_queue_and_survives_a_restart()
    {
        using var dir = new TempDir();
        var dbPath = dir.File("reviews.db");
        await using var server = await ScriptedModelServer.StartAsync(r => r.Model switch
        {
            "generator" => ScriptedReply.Text("An answer the validators will argue about."),
            "guard-a" => ScriptedReply.Text("unsafe\nS2"),
            "guard-b" => ScriptedReply.Text("safe"),
            _ => ScriptedReply.Fail(404),
        });
        var policy = Policy(server, $$"""
              judges:
                - {id: judge_a, model: guard_a, template: llama_guard, stages: [output]}
                - {id: judge_b, model: guard_b, template: llama_guard, stages: [output]}
              consensus:
                validators:
                  - {id: a, detector: judge_a, weight: 1}
                  - {id: b, detector: judge_b, weight: 1}
                disagreement_threshold: 0.4
                escalate_to_human: true
              review_queue: {path: "{{dbPath}}"}
            """);
        var options = ConstitutionRuntime.CreateOptions(policy, s => ChatClientFactory.Create(s, new ProviderOptions { GetEnvironmentVariable = _ => null }));
        options.Detectors.Clear();
        options.UseClassifier = false;
        var generator = ChatClientFactory.Create(ModelSpec.Parse($"openai:generator@{server.OpenAIBaseUrl};timeout=5s;retries=0"), new ProviderOptions { GetEnvironmentVariable = _ => null });
        string reviewId;
        using (var client = new AlignedChatClient(generator, new AlignmentPipeline(options)))
        {
            var response = await client.GetResponseAsync("a borderline question").WaitAsync(ScriptedUpstream.Guard);
            var trace = response.GetAlignmentTrace()!;
            Assert.Equal(AlignmentAction.Escalate, trace.FinalAction);
            Assert.Equal(policy.DefaultEscalationMessage, response.Text);
            reviewId = trace.ReviewId!;
            Assert.NotNull(reviewId);
        }

        await ((IAsyncDisposable)options.ReviewQueue!).DisposeAsync();

        // A new queue on the same file, as after a restart.
        await using var reopened = new SqliteReviewQueue(dbPath);
        var item = await reopened.GetAsync(reviewId);
        Assert.NotNull(item);
        Assert.Equal(ReviewStatus.Pending, item.Status);
        Assert.Equal("a borderline question", item.Prompt);
        Assert.Equal("An answer the validators will argue about.", item.Response);
        Assert.Contains("\"consensus\"", item.TraceJson, StringComparison.Ordinal);
        Assert.Contains("Escalate", item.TraceJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flagging_scripted_judge_refuses_the_input_without_calling_the_generator()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => r.Model switch
        {
            "guard-a" => ScriptedReply.Text("unsafe\nS1"),
            _ => ScriptedReply.Text("generated"),
        });
        var policy = Policy(server, """
              judges:
                - {id: judge_a, model: guard_a, template: llama_guard, stages: [input]}
            """);
        using var client = Client(server, policy, useClassifier: false);

        var response = await client.GetResponseAsync("something the judge dislikes").WaitAsync(ScriptedUpstream.Guard);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal(0, server.Requests.Count(r => r.Model == "generator"));
        Assert.Contains(response.GetAlignmentTrace()!.Events, e => e.Kind == "judge" && e.Summary.Contains("violent_crimes", StringComparison.Ordinal));
    }
}
