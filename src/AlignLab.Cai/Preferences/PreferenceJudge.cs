using AlignLab.Constitutions;
using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// Labels preference items with a judge model (RLAIF): the model compares the two answers under constitution
/// principles twice, once with each answer first. Agreement gives the label, disagreement a tie (the judge followed the
/// position). A failed call or an unreadable answer makes the item an error, never a label. The judge client is the
/// caller's: this class does not dispose it.
/// </summary>
public sealed class PreferenceJudge
{
    private readonly IChatClient _client;
    private readonly IReadOnlyList<Principle> _principles;
    private readonly PreferenceJudgeOptions _options;
    private readonly string _system;

    /// <summary>A judge that asks <paramref name="client"/> to compare answers under <paramref name="principles"/>.</summary>
    public PreferenceJudge(IChatClient client, IReadOnlyList<Principle> principles, PreferenceJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(principles);
        if (principles.Count == 0)
        {
            throw new ArgumentException("a preference judge needs at least one principle", nameof(principles));
        }

        _client = client;
        _principles = principles;
        _options = options ?? PreferenceJudgeOptions.Default;
        _system = PreferenceJudgePrompt.System(principles);
    }

    /// <summary>The principles the judge compares under.</summary>
    public IReadOnlyList<Principle> Principles => _principles;

    /// <summary>Labels <paramref name="item"/>; failures are in the label (outcome <see cref="PreferenceOutcome.Error"/>), never thrown.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<PreferenceLabel> LabelAsync(PreferenceItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var ab = await JudgeAsync(item, swapped: false, cancellationToken).ConfigureAwait(false);
        var ba = await JudgeAsync(item, swapped: true, cancellationToken).ConfigureAwait(false);
        return Combine(item, ab, ba);
    }

    internal static PreferenceLabel Combine(PreferenceItem item, OrderVerdict ab, OrderVerdict ba)
    {
        PreferenceOutcome outcome;
        if (ab.Winner == PreferenceOutcome.Error || ba.Winner == PreferenceOutcome.Error)
        {
            outcome = PreferenceOutcome.Error;
        }
        else
        {
            outcome = ab.Winner == ba.Winner ? ab.Winner : PreferenceOutcome.Tie;
        }

        double? confidence = null;
        if (outcome is PreferenceOutcome.A or PreferenceOutcome.B)
        {
            var values = new[] { ab.Confidence, ba.Confidence }.Where(c => c is not null).Select(c => c!.Value).ToList();
            confidence = values.Count == 0 ? null : values.Average();
        }

        bool? agrees = item.HumanPrefersA is { } humanA && outcome is PreferenceOutcome.A or PreferenceOutcome.B
            ? (outcome == PreferenceOutcome.A) == humanA
            : null;
        return new PreferenceLabel(outcome, confidence, confidence is null ? null : ab.ConfidenceSource ?? ba.ConfidenceSource, [ab, ba], agrees);
    }

    private async Task<OrderVerdict> JudgeAsync(PreferenceItem item, bool swapped, CancellationToken cancellationToken)
    {
        var order = swapped ? "ba" : "ab";
        var (first, second) = swapped ? (item.AnswerB, item.AnswerA) : (item.AnswerA, item.AnswerB);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, _system),
            new(ChatRole.User, PreferenceJudgePrompt.User(item.Prompt, first, second)),
        ];
        var options = _options.ChatOptions?.Clone() ?? new ChatOptions { Temperature = 0 };
        ChatResponse response;
        using (var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                response = await _client.GetResponseAsync(messages, options, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Failed(order, $"the judge did not answer within {_options.Timeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Failed(order, $"the judge call failed: {ex.Message}");
            }
        }

        var shown = PreferenceVerdictParser.Parse(response.Text, out var error);
        if (shown is null)
        {
            return Failed(order, error!);
        }

        var probability = shown.Better == 0 ? null : _options.VerdictProbability?.Invoke(response, shown.Better == 1 ? "1" : "2");
        var principles = shown.Principles
            .Select(p => new PrincipleVerdict(p.Principle, Unswap(p.Better, swapped), p.Reason))
            .ToList();
        return new OrderVerdict(order, Unswap(shown.Better, swapped), probability ?? shown.Confidence, principles)
        {
            ConfidenceSource = probability is not null ? "logprobs" : shown.Confidence is not null ? "stated" : null,
        };
    }

    private static PreferenceOutcome Unswap(int position, bool swapped) => position switch
    {
        1 => swapped ? PreferenceOutcome.B : PreferenceOutcome.A,
        2 => swapped ? PreferenceOutcome.A : PreferenceOutcome.B,
        _ => PreferenceOutcome.Tie,
    };

    private static OrderVerdict Failed(string order, string error) => new(order, PreferenceOutcome.Error, null, [], error);
}
