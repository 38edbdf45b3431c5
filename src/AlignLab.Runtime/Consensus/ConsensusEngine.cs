using System.Collections.Immutable;
using System.Globalization;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Consensus;

/// <summary>
/// Multi-model consensus: every validator scores the request concurrently, and the weighted vote decides.
/// </summary>
/// <remarks>
/// <para>With counted votes i (weight wᵢ, unsafe score sᵢ): WeightedScore = Σwᵢsᵢ / Σwᵢ; Disagreement =
/// √(Σwᵢ(sᵢ − WeightedScore)² / Σwᵢ), the weighted population standard deviation (0–0.5); FlaggedWeightShare =
/// Σ(wᵢ of validators that flagged) / Σwᵢ.</para>
/// <para>The verdict, first rule that applies: <see cref="ConsensusVerdict.Block"/> when a validator that answered flagged
/// one of its <see cref="ConsensusValidator.VetoCategories"/> (<c>"*"</c>: any flag); <see cref="ConsensusVerdict.Escalate"/>
/// when <see cref="ConsensusOptions.EscalateToHuman"/> is set and Disagreement &gt; <see cref="ConsensusOptions.DisagreementThreshold"/>;
/// <see cref="ConsensusVerdict.Reject"/> when WeightedScore ≥ <see cref="ConsensusOptions.ApprovalThreshold"/> and, if
/// <see cref="ConsensusOptions.RequireMajority"/>, FlaggedWeightShare &gt; 0.5; otherwise <see cref="ConsensusVerdict.Approve"/>.</para>
/// <para>A failed validator (exception or timeout) never vetoes; it counts according to <see cref="ConsensusOptions.FailureMode"/>.
/// The engine is also an <see cref="IGuardDetector"/> (flagged unless the verdict is Approve). Thread-safe.</para>
/// </remarks>
public sealed class ConsensusEngine : IGuardDetector
{
    private const string AnyCategory = "*";

    private readonly ImmutableArray<ConsensusValidator> _validators;
    private readonly ImmutableArray<ImmutableHashSet<string>> _vetoes;
    private readonly ConsensusOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an engine.</summary>
    /// <exception cref="ArgumentException">The validators or options are invalid (every problem is listed).</exception>
    public ConsensusEngine(IEnumerable<ConsensusValidator> validators, ConsensusOptions? options = null, TimeProvider? timeProvider = null, string name = "consensus")
    {
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new ConsensusOptions();
        var list = validators.ToImmutableArray();
        var errors = new List<string>(options.Validate());
        errors.AddRange(ValidateValidators(list));
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid consensus configuration: " + string.Join(" ", errors), nameof(validators));
        }

        _validators = list;
        _vetoes = [.. list.Select(v => v.VetoCategories
            .Select(c => c.Trim() == AnyCategory ? AnyCategory : HarmCategory.TryFind(c, out var hc) ? hc.Id : c)
            .ToImmutableHashSet(StringComparer.Ordinal))];
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The validators, in order.</summary>
    public ImmutableArray<ConsensusValidator> Validators => _validators;

    /// <summary>Returns every problem with <paramref name="validators"/>; empty when they are valid.</summary>
    public static IReadOnlyList<string> ValidateValidators(IReadOnlyList<ConsensusValidator> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var errors = new List<string>();
        if (validators.Count == 0)
        {
            errors.Add("At least one validator is required.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < validators.Count; i++)
        {
            var v = validators[i];
            if (v is null)
            {
                errors.Add($"Validator #{i + 1} is null.");
                continue;
            }

            var label = string.IsNullOrWhiteSpace(v.Name) ? $"#{i + 1}" : $"'{v.Name}'";
            if (string.IsNullOrWhiteSpace(v.Name))
            {
                errors.Add($"Validator {label} has no name.");
            }
            else if (!names.Add(v.Name))
            {
                errors.Add($"Validator name {label} is used more than once.");
            }

            if (v.Detector is null)
            {
                errors.Add($"Validator {label} has no detector.");
            }

            if (!double.IsFinite(v.Weight) || v.Weight <= 0)
            {
                errors.Add($"Validator {label} must have a positive weight (was {v.Weight.ToString(CultureInfo.InvariantCulture)}).");
            }

            foreach (var c in v.VetoCategories.IsDefault ? [] : v.VetoCategories)
            {
                if (c?.Trim() != AnyCategory && !HarmCategory.TryFind(c, out _))
                {
                    errors.Add($"Validator {label}: unknown veto category '{c}' (use a category id, code, alias or \"*\").");
                }
            }
        }

        return errors;
    }

    /// <summary>Runs every validator concurrently on <paramref name="request"/> and combines their votes.</summary>
    /// <exception cref="ConsensusException">A validator failed under <see cref="ValidatorFailureMode.FailConsensus"/>, or every validator abstained.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConsensusResult> EvaluateAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var tasks = new Task<ValidatorVote>[_validators.Length];
        for (var i = 0; i < _validators.Length; i++)
        {
            var index = i;
            tasks[i] = Task.Run(() => RunValidatorAsync(index, request, cancellationToken), cancellationToken);
        }

        var votes = (await Task.WhenAll(tasks).ConfigureAwait(false)).ToImmutableArray();
        return Combine(votes);
    }

    /// <inheritdoc />
    public async ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        var start = _timeProvider.GetTimestamp();
        var result = await EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
        var categories = result.Votes
            .Where(v => v.Counted && v.Result is not null)
            .SelectMany(v => v.Result!.FlaggedCategories)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
        return new DetectorResult(Name, result.WeightedScore, result.Verdict != ConsensusVerdict.Approve)
        {
            FlaggedCategories = result.Verdict == ConsensusVerdict.Approve ? [] : categories,
            Rationale = result.Reason,
            Elapsed = _timeProvider.GetElapsedTime(start),
        };
    }

    private async Task<ValidatorVote> RunValidatorAsync(int index, GuardRequest request, CancellationToken cancellationToken)
    {
        var validator = _validators[index];
        var start = _timeProvider.GetTimestamp();
        using var timeoutSource = _options.ValidatorTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_options.ValidatorTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        Exception failure;
        try
        {
            var result = await validator.Detector.DetectAsync(request, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            if (result is null || !double.IsFinite(result.UnsafeScore) || result.UnsafeScore is < 0 or > 1)
            {
                failure = new InvalidOperationException($"Validator '{validator.Name}' returned no result or an unsafe score outside 0–1.");
            }
            else
            {
                return Vote(validator, _timeProvider.GetElapsedTime(start), result, null, _vetoes[index]);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested)
        {
            failure = new TimeoutException(
                $"Validator '{validator.Name}' did not answer within {_options.ValidatorTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", ex);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        return Vote(validator, _timeProvider.GetElapsedTime(start), null, failure, _vetoes[index]);
    }

    private ValidatorVote Vote(ConsensusValidator validator, TimeSpan elapsed, DetectorResult? result, Exception? failure, ImmutableHashSet<string> vetoes)
    {
        if (result is not null)
        {
            var vetoed = vetoes.Contains(AnyCategory)
                ? result.Flagged || !result.FlaggedCategories.IsDefaultOrEmpty ? [AnyCategory] : ImmutableArray<string>.Empty
                : [.. (result.FlaggedCategories.IsDefault ? [] : result.FlaggedCategories).Where(vetoes.Contains).Distinct(StringComparer.Ordinal)];
            return new ValidatorVote(validator.Name, validator.Role, validator.Weight, result, elapsed)
            {
                Counted = true,
                CountedScore = result.UnsafeScore,
                CountedFlagged = result.Flagged,
                Vetoed = vetoed,
            };
        }

        var unsafeVote = _options.FailureMode == ValidatorFailureMode.TreatAsUnsafe;
        return new ValidatorVote(validator.Name, validator.Role, validator.Weight, null, elapsed)
        {
            Failure = $"{failure!.GetType().Name}: {failure.Message}",
            Exception = failure,
            Counted = unsafeVote,
            CountedScore = unsafeVote ? 1.0 : null,
            CountedFlagged = unsafeVote,
        };
    }

    private ConsensusResult Combine(ImmutableArray<ValidatorVote> votes)
    {
        var failed = votes.Where(v => v.Failure is not null).ToArray();
        if (failed.Length > 0 && _options.FailureMode == ValidatorFailureMode.FailConsensus)
        {
            var message = "Consensus failed: " + string.Join("; ", failed.Select(v => $"'{v.Validator}' {v.Failure}"));
            throw failed.Length == 1
                ? new ConsensusException(message, failed[0].Exception!) { Votes = votes }
                : new ConsensusException(message, new AggregateException(failed.Select(v => v.Exception!))) { Votes = votes };
        }

        var counted = votes.Where(v => v.Counted).ToArray();
        if (counted.Length == 0)
        {
            throw new ConsensusException("Consensus failed: every validator failed and abstained; there is no vote.") { Votes = votes };
        }

        var totalWeight = counted.Sum(v => v.Weight);
        var score = counted.Sum(v => v.Weight * v.CountedScore!.Value) / totalWeight;
        var variance = counted.Sum(v => v.Weight * Math.Pow(v.CountedScore!.Value - score, 2)) / totalWeight;
        var disagreement = Math.Sqrt(Math.Max(0, variance));
        var flaggedShare = counted.Where(v => v.CountedFlagged).Sum(v => v.Weight) / totalWeight;
        var vetoedBy = votes.Where(v => !v.Vetoed.IsDefaultOrEmpty).ToImmutableArray();

        var summary = $"weighted unsafe score {F(score)}, disagreement {F(disagreement)}, flagged weight {F(flaggedShare * 100, "0.#")}%, "
            + $"{counted.Length} of {votes.Length} votes counted";
        if (failed.Length > 0)
        {
            summary += $", {failed.Length} failed ({(_options.FailureMode == ValidatorFailureMode.Abstain ? "abstained" : "counted as unsafe")}: {string.Join(", ", failed.Select(v => v.Validator))})";
        }

        ConsensusVerdict verdict;
        string reason;
        if (vetoedBy.Length > 0)
        {
            verdict = ConsensusVerdict.Block;
            reason = "Blocked: veto by " + string.Join(", ", vetoedBy.Select(v => $"'{v.Validator}' ({string.Join(", ", v.Vetoed)})")) + $"; {summary}.";
        }
        else if (_options.EscalateToHuman && disagreement > _options.DisagreementThreshold)
        {
            verdict = ConsensusVerdict.Escalate;
            reason = $"Escalated: disagreement {F(disagreement)} > {F(_options.DisagreementThreshold)}; {summary}.";
        }
        else if (score >= _options.ApprovalThreshold && (!_options.RequireMajority || flaggedShare > 0.5))
        {
            verdict = ConsensusVerdict.Reject;
            reason = $"Rejected: weighted unsafe score {F(score)} ≥ {F(_options.ApprovalThreshold)}"
                + (_options.RequireMajority ? $" and a weighted majority ({F(flaggedShare * 100, "0.#")}%) flagged" : string.Empty) + $"; {summary}.";
        }
        else
        {
            verdict = ConsensusVerdict.Approve;
            reason = score >= _options.ApprovalThreshold
                ? $"Approved: weighted unsafe score {F(score)} ≥ {F(_options.ApprovalThreshold)} but no weighted majority flagged ({F(flaggedShare * 100, "0.#")}%); {summary}."
                : $"Approved: weighted unsafe score {F(score)} < {F(_options.ApprovalThreshold)}; {summary}.";
        }

        return new ConsensusResult(verdict, score, disagreement, votes, reason)
        {
            VetoedBy = [.. vetoedBy.Select(v => v.Validator)],
            FlaggedWeightShare = flaggedShare,
        };
    }

    private static string F(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
