using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Pipeline;

/// <summary>
/// Issue 16, item 6: whoever creates a chat client disposes it. <see cref="ConstitutionRuntime.CreateOptions"/> creates the
/// judge, critic and reviser clients, so the pipeline built from its options owns them; the guarded model is the caller's.
/// Before, <see cref="AlignmentPipeline"/> was not disposable and those clients were never released.
/// </summary>
public sealed class PipelineOwnershipTests
{
    private static readonly Constitution Policy = ConstitutionLoader.LoadText("""
        constitutional_ai:
          name: owned
          core_principles:
            - {id: p, description: Be kind., critique: Find unkindness., revision: Be kinder.}
          models: {guard: "openai:guard", critic: "openai:critic"}
          judges:
            - {id: j1, model: guard, template: llama_guard, stages: [input]}
            - {id: j2, model: guard, template: llama_guard, stages: [output]}
          critique_revision: {enabled: true, critic: critic}
        """, "owned.yaml").GetOrThrow();

    [Fact]
    public void Disposing_a_pipeline_disposes_each_client_CreateOptions_made_once_and_not_the_guarded_model()
    {
        var made = new List<DisposalCounter>();
        var guarded = new DisposalCounter();
        var options = ConstitutionRuntime.CreateOptions(Policy, _ =>
        {
            var client = new DisposalCounter();
            made.Add(client);
            return client;
        }, guarded);
        var pipeline = new AlignmentPipeline(options);

        Assert.Equal(2, made.Count); // guard (shared by both judges) and critic: one client per model
        Assert.All(made, c => Assert.Equal(0, c.Disposals));
        pipeline.Dispose();
        pipeline.Dispose();

        Assert.True(pipeline.IsDisposed);
        Assert.All(made, c => Assert.Equal(1, c.Disposals));
        Assert.Equal(0, guarded.Disposals);
    }

    [Fact]
    public void Options_that_fail_to_build_dispose_the_clients_made_for_them()
    {
        var made = new List<DisposalCounter>();

        // The critique section needs a critic: none is named and no guarded model is passed, after the judge's client was made.
        var policy = Policy with { Runtime = Policy.Runtime with { CritiqueRevision = Policy.Runtime.CritiqueRevision with { Critic = null } } };
        Assert.Throws<ArgumentException>(() => ConstitutionRuntime.CreateOptions(policy, _ =>
        {
            var client = new DisposalCounter();
            made.Add(client);
            return client;
        }));

        Assert.NotEmpty(made);
        Assert.All(made, c => Assert.Equal(1, c.Disposals));
    }

    private sealed class DisposalCounter : IChatClient
    {
        public int Disposals { get; private set; }

        public Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "safe")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() => Disposals++;
    }
}
