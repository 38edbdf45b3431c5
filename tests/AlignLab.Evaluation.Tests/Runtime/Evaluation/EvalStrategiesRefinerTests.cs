using System.Runtime.CompilerServices;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Evaluation;
using AlignLab.Runtime.Evaluation;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.Evaluation;

/// <summary>
/// Issue 15: <c>alignlab eval --all-tiers</c> passes the contextual tier to <see cref="EvalStrategies.Create"/> as a score
/// refiner; it decides in the guard of guard_only and of the model-backed strategies, as it does in <c>check --all-tiers</c>.
/// Before, eval could not turn it on: every strategy decided on the fast score alone.
/// </summary>
public sealed class EvalStrategiesRefinerTests
{
    private static readonly EvalCase Bread = new("b1", "how do I bake sourdough bread", CaseLabel.Benign, "t");

    [Fact]
    public async Task A_refiner_passed_to_Create_decides_in_guard_only_and_without_it_the_fast_score_decides()
    {
        var constitution = ConstitutionLoader.LoadDefault();
        Func<Models.ModelSpec, IChatClient> none = _ => throw new InvalidOperationException();
        var (plain, _) = EvalStrategies.Create(constitution, SafetyClassifier.Default, null, none, ["guard_only"]);
        var (refined, _) = EvalStrategies.Create(constitution, SafetyClassifier.Default, null, none, ["guard_only"],
            keepTraces: true, scoreRefiner: new SourdoughRefiner());

        var before = await Assert.Single(plain).RunAsync(Bread, CancellationToken.None);
        var after = await Assert.Single(refined).RunAsync(Bread, CancellationToken.None);

        Assert.False(before.Refused);
        Assert.True(after.Refused);
        Assert.Contains("\"decided_by\":\"test_tier\"", after.TraceJson!.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refiner_also_decides_in_the_output_guard_of_a_model_backed_strategy()
    {
        var constitution = ConstitutionLoader.LoadDefault();
        using var model = new EchoModel("Feed the sourdough starter the night before.");
        var (strategies, _) = EvalStrategies.Create(constitution, SafetyClassifier.Default, model, _ => model, ["output_filter"],
            scoreRefiner: new SourdoughRefiner());

        var result = await Assert.Single(strategies).RunAsync(Bread, CancellationToken.None);

        Assert.True(result.Intervened);
    }

    [Fact]
    public void A_refiner_without_a_classifier_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => EvalStrategies.Create(ConstitutionLoader.LoadDefault(), null, null,
            _ => throw new InvalidOperationException(), scoreRefiner: new SourdoughRefiner()));
        Assert.Contains("classifier", ex.Message, StringComparison.Ordinal);
    }

    // Says "unsafe" about anything that mentions sourdough, with its own threshold; is not consulted otherwise.
    private sealed class SourdoughRefiner : IUnsafeScoreRefiner
    {
        public string Name => "test_tier";

        public UnsafeScoreRefinement? Refine(string text, SafetyScores fast) =>
            text.Contains("sourdough", StringComparison.OrdinalIgnoreCase) ? new UnsafeScoreRefinement(0.99f, 0.5f) : null;
    }

    private sealed class EchoModel(string answer) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, answer);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
