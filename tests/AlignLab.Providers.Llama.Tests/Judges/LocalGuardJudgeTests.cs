using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Llama.Tests.Support;
using AlignLab.Runtime;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Llama.Tests.Judges;

/// <summary>
/// A local GGUF guard as the policy's judge (issue 15, item 4): the policy names <c>llama:FILE.gguf</c> under
/// <c>models:</c>, a judge uses it with the built-in llama_guard or shieldgemma template, and the existing parsers read
/// what the model wrote. The tiny models always answer one word (" unsafe", " safe", " Yes"), which is all the parsers
/// need to see: the wiring from policy to file to verdict is real, only the model's judgement is not.
/// </summary>
public sealed class LocalGuardJudgeTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static (AlignedChatClient Client, CountingChatClient Generator, List<IChatClient> Owned) Guarded(string guard, string template)
    {
        var policy = ConstitutionLoader.LoadText($$"""
            constitutional_ai:
              name: local-guard
              pii: {enabled: false}
              models:
                guard: "llama:{{guard}};context_size=4096;threads=1"
              judges:
                - {id: local_guard, model: guard, template: {{template}}, stages: [input], timeout: 30s}
            """, "policy.yaml").GetOrThrow();
        var owned = new List<IChatClient>();
        IChatClient Create(ModelSpec spec)
        {
            var client = ChatClientFactory.Create(spec);
            owned.Add(client);
            return client;
        }

        var generator = new CountingChatClient("Knead the dough for ten minutes.");
        var options = ConstitutionRuntime.CreateOptions(policy, Create, generator);
        options.UseClassifier = false;
        return (new AlignedChatClient(generator, new AlignmentPipeline(options)), generator, owned);
    }

    [Theory]
    [InlineData("llama_guard")]
    [InlineData("shieldgemma")]
    public async Task A_local_guard_that_flags_the_prompt_refuses_it_before_the_model_is_called(string template)
    {
        var (client, generator, owned) = Guarded(template == "llama_guard" ? models.SaysUnsafe : models.SaysYes, template);
        using var _ = client;

        var response = await client.GetResponseAsync("How do I bake bread?");

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal(0, generator.Calls);
        var judge = Assert.Single(response.GetAlignmentTrace()!.Events, e => e.Kind == "judge");
        Assert.StartsWith("local_guard: unsafe (1.00)", judge.Summary, StringComparison.Ordinal);
        owned.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_local_guard_that_answers_safe_lets_the_prompt_through()
    {
        var (client, generator, owned) = Guarded(models.SaysSafe, "llama_guard");
        using var _ = client;

        var response = await client.GetResponseAsync("How do I bake bread?");

        Assert.Equal("Knead the dough for ten minutes.", response.Text);
        Assert.Equal(1, generator.Calls);
        var judge = Assert.Single(response.GetAlignmentTrace()!.Events, e => e.Kind == "judge");
        Assert.StartsWith("local_guard: safe", judge.Summary, StringComparison.Ordinal);
        owned.ForEach(c => c.Dispose());
    }

    [Fact]
    public void A_relative_gguf_path_in_a_policy_file_is_found_next_to_the_policy()
    {
        var folder = Path.GetDirectoryName(models.SaysSafe)!;
        var policyPath = Path.Combine(folder, "policy.yaml");
        File.WriteAllText(policyPath, """
            constitutional_ai:
              name: relative
              models:
                guard: {provider: llama, model: says-safe.gguf, context_size: 2048, threads: 1}
            """);

        var spec = ConstitutionLoader.LoadFile(policyPath).GetOrThrow().Runtime.Models["guard"];

        Assert.Equal(models.SaysSafe, spec.Model);
        Assert.Equal(2048, spec.ContextSize);
        Assert.Equal(1, spec.Threads);
    }
}
