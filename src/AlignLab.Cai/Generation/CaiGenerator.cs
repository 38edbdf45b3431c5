using AlignLab.Cai.Files;
using AlignLab.Constitutions;
using AlignLab.Runtime.Critique;
using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Generation;

/// <summary>
/// Turns one prompt into a <see cref="CaiRecord"/>: the generator's initial answer, then the run-time
/// <see cref="CritiqueRevisionEngine"/> (critique under principles sampled from the constitution, revision, early stop
/// when the critic finds no violation). Thread-safe: one generator serves every prompt of a run.
/// </summary>
public sealed class CaiGenerator
{
    private readonly IChatClient _generator;
    private readonly IChatClient _critic;
    private readonly IChatClient _reviser;
    private readonly IReadOnlyList<Principle> _principles;
    private readonly CaiGeneratorOptions _options;
    private readonly CritiqueRevisionOptions _engineOptions;
    private readonly CaiModels _models;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a generator. The three clients may be the same; the caller keeps ownership of them.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or no principle has a positive weight.</exception>
    public CaiGenerator(
        IChatClient generator,
        IChatClient critic,
        IChatClient reviser,
        IReadOnlyList<Principle> principles,
        CaiGeneratorOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(reviser);
        ArgumentNullException.ThrowIfNull(principles);
        options ??= new CaiGeneratorOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid generation options: " + string.Join(" ", errors), nameof(options));
        }

        var eligible = PrincipleSampler.Eligible(principles, PrincipleSelection.All);
        if (eligible.Count == 0)
        {
            throw new ArgumentException("The constitution has no principle with a positive weight to critique against.", nameof(principles));
        }

        var perRound = options.PrinciplesPerRound ?? eligible.Count;
        if (perRound > 20)
        {
            throw new ArgumentException(
                $"Every principle is {eligible.Count} per round, more than the 20 a critique may hold; sample fewer.", nameof(options));
        }

        _generator = generator;
        _critic = critic;
        _reviser = reviser;
        _principles = [.. eligible];
        _options = options;
        _engineOptions = new CritiqueRevisionOptions
        {
            MaxRounds = options.Rounds,
            PrinciplesPerRound = perRound,
            MinImprovement = options.MinImprovement,
            CallTimeout = options.CallTimeout,
            Selection = PrincipleSelection.All,
        };
        _models = options.Models ?? new CaiModels(ModelName(generator), ModelName(critic), ModelName(reviser));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The model names written into each record.</summary>
    public CaiModels Models => _models;

    /// <summary>
    /// Generates the record of <paramref name="prompt"/>. A model that fails (throws, times out, answers unusably) gives
    /// a <see cref="CaiOutcome.Failure"/>, never an exception.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CaiOutcome> GenerateAsync(CaiPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        string initial;
        TokenCounts generatorTokens;
        try
        {
            (initial, generatorTokens) = await AnswerAsync(prompt.Text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return Failed(prompt, "generator", null, ex is TimeoutException or InvalidDataException ? ex.Message : Describe(ex));
        }

        var seed = PromptSeeds.For(_options.Seed, prompt.Id);
        var engineOptions = _engineOptions.Clone();
        engineOptions.Seed = seed;
        var engine = new CritiqueRevisionEngine(_critic, _reviser, engineOptions, _timeProvider);
        CritiqueRevisionResult result;
        try
        {
            result = await engine.RunAsync(prompt.Text, initial, _principles, cancellationToken).ConfigureAwait(false);
        }
        catch (CritiqueRevisionException ex)
        {
            var stage = ex.Participant == CritiqueParticipant.Critic ? "critic" : "reviser";
            return Failed(prompt, stage, ex.Round, ex.InnerException is { } inner ? Describe(inner) : ex.Message);
        }

        return new CaiOutcome(ToRecord(prompt, initial, generatorTokens, result), null);
    }

    private async Task<(string Text, TokenCounts Tokens)> AnswerAsync(string prompt, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [];
        if (_options.GeneratorSystemPrompt is { Length: > 0 } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        messages.Add(new ChatMessage(ChatRole.User, prompt));
        using var timeout = _options.CallTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_options.CallTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ChatResponse response;
        try
        {
            response = await _generator.GetResponseAsync(messages, new ChatOptions { Temperature = _options.GeneratorTemperature }, linked.Token)
                .WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The generator did not answer within {_options.CallTimeout.TotalSeconds:0.###} s.", ex);
        }

        var text = response.Text?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new InvalidDataException("The generator returned an empty answer.");
        }

        return (text, Tokens(response.Usage));
    }

    private CaiRecord ToRecord(CaiPrompt prompt, string initial, TokenCounts generatorTokens, CritiqueRevisionResult result)
    {
        var rounds = new List<CaiRound>(result.Rounds.Length);
        var critic = TokenCounts.Zero;
        var reviser = TokenCounts.Zero;
        double? finalScore = null;
        var reviewed = initial;
        foreach (var r in result.Rounds)
        {
            rounds.Add(new CaiRound
            {
                Round = r.Round,
                Principles = [.. r.PrincipleIds],
                Critique = r.Critique,
                Violation = r.ViolationFound,
                Score = r.Score,
                Revision = r.Revision,
            });
            critic = critic.Add(Tokens(r.CriticUsage));
            reviser = reviser.Add(Tokens(r.ReviserUsage));
            if (string.Equals(reviewed, result.Final, StringComparison.Ordinal))
            {
                finalScore = r.Score;
            }

            reviewed = r.Revision ?? reviewed;
        }

        return new CaiRecord
        {
            Id = prompt.Id,
            Prompt = prompt.Text,
            Category = prompt.Category,
            Initial = initial,
            Rounds = rounds,
            Final = result.Final,
            Revised = result.Changed,
            StopReason = StopReason(result.StopReason),
            Seed = result.Seed,
            InitialScore = result.Rounds.Length > 0 ? result.Rounds[0].Score : null,
            FinalScore = finalScore,
            Models = _models,
            Tokens = new CaiTokenUsage { Generator = generatorTokens, Critic = critic, Reviser = reviser },
        };
    }

    internal static string StopReason(CritiqueStopReason reason) => reason switch
    {
        CritiqueStopReason.NoViolation => "no_violation",
        CritiqueStopReason.RevisionUnchanged => "revision_unchanged",
        CritiqueStopReason.NoImprovement => "no_improvement",
        CritiqueStopReason.MaxRounds => "max_rounds",
        _ => reason.ToString(),
    };

    private static TokenCounts Tokens(UsageDetails? usage) => usage is null
        ? TokenCounts.Zero
        : new TokenCounts { Input = usage.InputTokenCount ?? 0, Output = usage.OutputTokenCount ?? 0 };

    private static CaiOutcome Failed(CaiPrompt prompt, string stage, int? round, string error) =>
        new(null, new CaiFailure { Id = prompt.Id, Stage = stage, Round = round, Error = error });

    private static string Describe(Exception ex) => ex is TimeoutException or InvalidDataException or CritiqueParseException
        ? ex.Message
        : $"{ex.GetType().Name}: {ex.Message}";

    private static string ModelName(IChatClient client) =>
        client.GetService<ChatClientMetadata>()?.DefaultModelId ?? client.GetType().Name;
}
