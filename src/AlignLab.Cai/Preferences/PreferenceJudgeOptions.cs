using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Preferences;

/// <summary>How a <see cref="PreferenceJudge"/> calls its model.</summary>
public sealed record PreferenceJudgeOptions
{
    /// <summary>The defaults: two minutes per call, temperature 0.</summary>
    public static PreferenceJudgeOptions Default { get; } = new();

    /// <summary>How long one judge call may take (default two minutes); a call that takes longer is an error.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The clock the timeout is measured on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Options sent with every judge call (default: temperature 0). A caller that can ask its provider for token
    /// log-probabilities sets them here (for OpenAI, a <see cref="ChatOptions.RawRepresentationFactory"/> returning
    /// completion options with log-probabilities on) and reads them back with <see cref="VerdictProbability"/>.
    /// </summary>
    public ChatOptions? ChatOptions { get; init; }

    /// <summary>
    /// Reads the probability the model gave the verdict it wrote (the token <c>1</c> or <c>2</c>, passed as the second
    /// argument) from a response, or null when the response carries no log-probabilities. Microsoft.Extensions.AI has no
    /// provider-neutral log-probabilities, so the provider-specific reading is the caller's; without it (or when it gives
    /// null) the confidence is the one the judge stated.
    /// </summary>
    public Func<ChatResponse, string, double?>? VerdictProbability { get; init; }
}
