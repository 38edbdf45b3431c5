using System.Collections.Immutable;
using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Judges;

/// <summary>
/// Uses any <see cref="IChatClient"/> as a safety classifier: the request is formatted with a <see cref="JudgeTemplate"/>,
/// sent with a per-call timeout, and the answer parsed into a <see cref="DetectorResult"/>.
/// </summary>
/// <remarks>
/// Failures are thrown, never reported as "safe": <see cref="JudgeParseException"/> when the answer cannot be read,
/// <see cref="TimeoutException"/> when the model does not answer in time, and whatever the client throws otherwise.
/// Cancellation of the caller's token surfaces as <see cref="OperationCanceledException"/>. Thread-safe.
/// </remarks>
public sealed class ChatClientJudge : IGuardDetector
{
    private readonly IChatClient _client;
    private readonly ChatClientJudgeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _categories;

    /// <summary>Creates a judge.</summary>
    /// <param name="name">The detector name shown in traces.</param>
    /// <param name="client">The model that judges.</param>
    /// <param name="template">How to ask and how to read the answer.</param>
    /// <param name="options">Settings (copied); defaults when null.</param>
    /// <param name="timeProvider">Clock for timeouts and elapsed times; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The name is empty or the options are invalid.</exception>
    public ChatClientJudge(string name, IChatClient client, JudgeTemplate template, ChatClientJudgeOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(template);
        options ??= new ChatClientJudgeOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid judge options: " + string.Join(" ", errors), nameof(options));
        }

        Name = name;
        Template = template;
        _client = client;
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        var ids = _options.Categories ?? template.DefaultCategories;
        var categories = new List<HarmCategory>();
        foreach (var id in ids)
        {
            if (HarmCategory.TryFind(id, out var c) && !categories.Contains(c))
            {
                categories.Add(c);
            }
        }

        _categories = string.Join('\n', categories.Select(template.CategoryLine));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The template in use.</summary>
    public JudgeTemplate Template { get; }

    /// <summary>The messages sent for <paramref name="request"/> (a response is judged when <see cref="GuardRequest.Prompt"/> is set or the stage is not the input).</summary>
    public IReadOnlyList<ChatMessage> BuildMessages(GuardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var judgesResponse = request.Prompt is not null || request.Stage is PolicyStage.Output or PolicyStage.Streaming;
        var prompt = judgesResponse ? request.Prompt ?? string.Empty : request.Text;
        var response = judgesResponse ? request.Text : string.Empty;

        if (Template.SendConversation)
        {
            return judgesResponse
                ? [new ChatMessage(ChatRole.User, prompt), new ChatMessage(ChatRole.Assistant, response)]
                : [new ChatMessage(ChatRole.User, prompt)];
        }

        var messages = new List<ChatMessage>(2);
        if (!string.IsNullOrEmpty(Template.SystemPrompt))
        {
            messages.Add(new ChatMessage(ChatRole.System, JudgeTemplate.Fill(Template.SystemPrompt, prompt, response, _categories)));
        }

        var user = judgesResponse ? Template.ResponseTemplate ?? Template.PromptTemplate : Template.PromptTemplate;
        messages.Add(new ChatMessage(ChatRole.User, JudgeTemplate.Fill(user, prompt, response, _categories)));
        return messages;
    }

    /// <summary>Asks the model and returns its parsed verdict with the raw output.</summary>
    /// <exception cref="JudgeParseException">The answer could not be read.</exception>
    /// <exception cref="TimeoutException">The model did not answer within <see cref="ChatClientJudgeOptions.Timeout"/>.</exception>
    public async Task<(JudgeVerdict Verdict, string RawOutput)> JudgeAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        var messages = BuildMessages(request);
        var chatOptions = new ChatOptions
        {
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            ModelId = _options.ModelId,
        };
        var caller = $"Judge '{Name}'";
        if (!Template.StructuredOutput)
        {
            var text = await TimedChat.GetTextAsync(_client, messages, chatOptions, _options.Timeout, _timeProvider, caller, cancellationToken)
                .ConfigureAwait(false);
            return (Template.Parse(text), text);
        }

        // Structured output first; a model that does not honour the schema is read by the template's lenient parser,
        // and an answer neither reads is a JudgeParseException (a failure, never a verdict).
        var typed = await TimedChat.RunAsync(
            ct => _client.GetResponseAsync<JudgeAnswer>(
                messages, JudgeAnswerJsonContext.Default.Options, chatOptions, useJsonSchemaResponseFormat: true, ct),
            _options.Timeout, _timeProvider, caller, cancellationToken).ConfigureAwait(false);
        var raw = typed.Text ?? string.Empty;
        return (StructuredVerdict(typed) ?? Template.Parse(raw), raw);
    }

    /// <summary>The verdict of a structured answer, or null when the answer is not the schema's object with a score in [0, 1].</summary>
    internal static JudgeVerdict? StructuredVerdict(ChatResponse<JudgeAnswer> response)
    {
        JudgeAnswer? answer;
        try
        {
            if (!response.TryGetResult(out answer))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }

        return answer is { Unsafe: { } score } && double.IsFinite(score) && score is >= 0 and <= 1
            ? JsonJudgeOutputParser.Verdict(score, "unsafe", answer.Categories ?? [], answer.Rationale?.Trim())
            : null;
    }

    /// <inheritdoc />
    public async ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = _timeProvider.GetTimestamp();
        var (verdict, raw) = await JudgeAsync(request, cancellationToken).ConfigureAwait(false);
        var flagged = verdict.UnsafeScore >= _options.Threshold;
        var rationale = verdict.Rationale;
        if (verdict.Notes.Length > 0)
        {
            var notes = "[" + string.Join(" ", verdict.Notes) + "]";
            rationale = rationale is null ? notes : rationale + " " + notes;
        }

        return new DetectorResult(Name, verdict.UnsafeScore, flagged)
        {
            CategoryScores = verdict.Categories.ToImmutableDictionary(c => c, _ => verdict.UnsafeScore),
            FlaggedCategories = flagged ? verdict.Categories : [],
            Rationale = rationale,
            RawOutput = raw,
            Elapsed = _timeProvider.GetElapsedTime(start),
        };
    }
}
