using System.Collections.Immutable;
using AlignLab.Constitutions;
using AlignLab.Runtime.Judges;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Critique;

/// <summary>
/// Constitutional critique→revision at run time: a critic model reviews the draft against sampled principles, a
/// reviser model rewrites it, and the loop repeats until the critic finds no violation, the reviser changes nothing,
/// the critic's score stops improving, or the round limit is reached.
/// </summary>
/// <remarks>
/// <para>Each round: sample <see cref="CritiqueRevisionOptions.PrinciplesPerRound"/> principles (weight-proportional,
/// seeded), ask the critic (<see cref="CritiquePrompts.Critic"/>). No violation → stop (<see cref="CritiqueStopReason.NoViolation"/>).
/// From round 2, when both this round's and the previous round's scores are known and the gain is below
/// <see cref="CritiqueRevisionOptions.MinImprovement"/> → stop (<see cref="CritiqueStopReason.NoImprovement"/>) and keep
/// the better-scored of the two texts (the earlier one on a tie). Otherwise ask the reviser; an answer equal to the
/// current text after whitespace normalisation stops the run (<see cref="CritiqueStopReason.RevisionUnchanged"/>).</para>
/// <para>Scores compare texts judged against possibly different principles; they are the critic's overall 0–10 score.</para>
/// <para>Failures of either model (exceptions, timeouts, unusable answers) are thrown as
/// <see cref="CritiqueRevisionException"/>; cancellation by the caller as <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public sealed class CritiqueRevisionEngine
{
    private readonly IChatClient _critic;
    private readonly IChatClient _reviser;
    private readonly CritiqueRevisionOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an engine. <paramref name="critic"/> and <paramref name="reviser"/> may be the same client.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CritiqueRevisionEngine(IChatClient critic, IChatClient reviser, CritiqueRevisionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(reviser);
        options ??= new CritiqueRevisionOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid critique/revision options: " + string.Join(" ", errors), nameof(options));
        }

        _critic = critic;
        _reviser = reviser;
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Runs critique→revision on <paramref name="draft"/>, the answer to <paramref name="prompt"/>.</summary>
    /// <exception cref="ArgumentException">No principle is eligible (see <see cref="PrincipleSampler.Eligible"/>).</exception>
    /// <exception cref="CritiqueRevisionException">The critic or the reviser failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CritiqueRevisionResult> RunAsync(string prompt, string draft, IReadOnlyList<Principle> principles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(principles);
        var eligible = PrincipleSampler.Eligible(principles, _options.Selection);
        if (eligible.Count == 0)
        {
            throw new ArgumentException(
                $"No principle is eligible for critique (selection {_options.Selection}; principles need a positive weight).", nameof(principles));
        }

        var seed = _options.Seed ?? Random.Shared.Next();
        var random = new Random(seed);
        var rounds = ImmutableArray.CreateBuilder<CritiqueRound>();
        var current = draft;
        string? previousText = null;
        double? previousScore = null;

        for (var round = 1; round <= _options.MaxRounds; round++)
        {
            var start = _timeProvider.GetTimestamp();
            var sampled = PrincipleSampler.Sample(eligible, _options.PrinciplesPerRound, random);
            var ids = sampled.Select(p => p.Id).ToImmutableArray();

            var criticResponse = await CallAsync(CritiqueParticipant.Critic, round, rounds, current,
                CritiquePrompts.Critic(prompt, current, sampled), _options.CriticTemperature, cancellationToken).ConfigureAwait(false);
            var criticOutput = criticResponse.Text ?? string.Empty;
            CriticVerdict verdict;
            try
            {
                verdict = CriticOutputParser.Parse(criticOutput);
            }
            catch (CritiqueParseException ex)
            {
                throw Failure(CritiqueParticipant.Critic, round, rounds, current, ex);
            }

            CritiqueRound Record(string? revision, UsageDetails? reviserUsage = null) =>
                new(round, ids, verdict.Critique, verdict.ViolationFound, verdict.Score, revision, _timeProvider.GetElapsedTime(start))
                {
                    CriticOutput = criticOutput,
                    CriticUsage = criticResponse.Usage,
                    ReviserUsage = reviserUsage,
                };

            if (!verdict.ViolationFound)
            {
                rounds.Add(Record(null));
                return Result(current, rounds, CritiqueStopReason.NoViolation, seed, draft);
            }

            if (previousScore is { } before && verdict.Score is { } now && now - before < _options.MinImprovement)
            {
                rounds.Add(Record(null));
                var better = now > before ? current : previousText ?? current;
                return Result(better, rounds, CritiqueStopReason.NoImprovement, seed, draft);
            }

            var reviserResponse = await CallAsync(CritiqueParticipant.Reviser, round, rounds, current,
                CritiquePrompts.Reviser(prompt, current, verdict.Critique, sampled), _options.ReviserTemperature, cancellationToken).ConfigureAwait(false);
            var reviserOutput = reviserResponse.Text ?? string.Empty;
            var revision = ReviserOutputCleaner.Clean(reviserOutput);
            if (revision.Length == 0)
            {
                throw Failure(CritiqueParticipant.Reviser, round, rounds, current,
                    new CritiqueParseException("The reviser returned an empty revision.") { RawOutput = reviserOutput });
            }

            rounds.Add(Record(revision, reviserResponse.Usage));
            if (JudgeOutputText.NormalizeWhitespace(revision) == JudgeOutputText.NormalizeWhitespace(current))
            {
                return Result(current, rounds, CritiqueStopReason.RevisionUnchanged, seed, draft);
            }

            previousText = current;
            previousScore = verdict.Score;
            current = revision;
        }

        return Result(current, rounds, CritiqueStopReason.MaxRounds, seed, draft);
    }

    private async Task<ChatResponse> CallAsync(
        CritiqueParticipant participant,
        int round,
        ImmutableArray<CritiqueRound>.Builder rounds,
        string current,
        IReadOnlyList<ChatMessage> messages,
        float? temperature,
        CancellationToken cancellationToken)
    {
        var client = participant == CritiqueParticipant.Critic ? _critic : _reviser;
        try
        {
            return await TimedChat.GetResponseAsync(client, messages, new ChatOptions { Temperature = temperature }, _options.CallTimeout, _timeProvider,
                $"The {participant.ToString().ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Failure(participant, round, rounds, current, ex);
        }
    }

    private static CritiqueRevisionException Failure(
        CritiqueParticipant participant, int round, ImmutableArray<CritiqueRound>.Builder rounds, string current, Exception cause) =>
        new($"The {participant.ToString().ToLowerInvariant()} failed in round {round}: {cause.Message}", cause)
        {
            Participant = participant,
            Round = round,
            CompletedRounds = rounds.ToImmutable(),
            LastText = current,
        };

    private static CritiqueRevisionResult Result(
        string final, ImmutableArray<CritiqueRound>.Builder rounds, CritiqueStopReason reason, int seed, string draft) =>
        new(final, rounds.ToImmutable(), reason, seed)
        {
            Changed = JudgeOutputText.NormalizeWhitespace(final) != JudgeOutputText.NormalizeWhitespace(draft),
        };
}
