using System.Globalization;
using AlignLab.Cai.Files;
using AlignLab.Constitutions;
using Microsoft.Extensions.AI;

namespace AlignLab.Cai.RedTeam;

/// <summary>
/// Asks an attacker model for red-team prompts per harm category and strategy, drops exact and near duplicates across
/// the whole run (<see cref="NearDuplicateFilter"/>) and labels each kept prompt with its category and strategy.
/// </summary>
public sealed class RedTeamGenerator
{
    private readonly IChatClient _attacker;
    private readonly RedTeamOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a generator; the caller keeps ownership of <paramref name="attacker"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RedTeamGenerator(IChatClient attacker, RedTeamOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(attacker);
        options ??= new RedTeamOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid red-team options: " + string.Join(" ", errors), nameof(options));
        }

        _attacker = attacker;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Generates prompts for every category and strategy, one attacker call at a time. A failed call is recorded in
    /// <see cref="RedTeamResult.Failures"/> and the next attempt made; it never throws for a model's failure.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RedTeamResult> GenerateAsync(IReadOnlyList<HarmCategory> categories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var filter = new NearDuplicateFilter(_options.DuplicateThreshold);
        var attacker = _options.AttackerName ?? _attacker.GetService<ChatClientMetadata>()?.DefaultModelId ?? "attacker";
        var prompts = new List<RedTeamPrompt>();
        var shortCells = new List<string>();
        var failures = new List<string>();
        int parsed = 0, duplicates = 0;
        foreach (var category in categories)
        {
            foreach (var strategy in _options.Strategies)
            {
                var kept = new List<string>();
                for (var attempt = 0; attempt < _options.MaxAttempts && kept.Count < _options.PerCategoryAndStrategy; attempt++)
                {
                    var want = _options.PerCategoryAndStrategy - kept.Count;
                    string output;
                    try
                    {
                        output = await AskAsync(AttackerPrompts.Ask(category, strategy, want, kept), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        failures.Add($"{category.Id}/{strategy.Name}: {ex.GetType().Name}: {ex.Message}");
                        continue;
                    }

                    var texts = AttackerOutputParser.Parse(output);
                    parsed += texts.Count;
                    foreach (var text in texts)
                    {
                        if (kept.Count >= _options.PerCategoryAndStrategy)
                        {
                            break;
                        }

                        if (!filter.TryAdd(text))
                        {
                            duplicates++;
                            continue;
                        }

                        kept.Add(text);
                        prompts.Add(new RedTeamPrompt
                        {
                            Id = string.Create(CultureInfo.InvariantCulture, $"rt-{category.Id}-{strategy.Name}-{kept.Count}"),
                            Text = text,
                            Category = category.Id,
                            Strategy = strategy.Name,
                            Source = "alignlab-redteam:" + attacker,
                        });
                    }
                }

                if (kept.Count < _options.PerCategoryAndStrategy)
                {
                    shortCells.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{category.Id}/{strategy.Name}: {kept.Count} of {_options.PerCategoryAndStrategy}"));
                }
            }
        }

        return new RedTeamResult { Prompts = prompts, Parsed = parsed, Duplicates = duplicates, ShortCells = shortCells, Failures = failures };
    }

    private async Task<string> AskAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        using var timeout = _options.CallTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_options.CallTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var response = await _attacker.GetResponseAsync(messages, new ChatOptions { Temperature = _options.Temperature }, linked.Token)
                .WaitAsync(linked.Token).ConfigureAwait(false);
            return response.Text ?? string.Empty;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The attacker did not answer within {_options.CallTimeout.TotalSeconds:0.###} s.", ex);
        }
    }
}
