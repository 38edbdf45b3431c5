using AlignLab.Cai.Preferences;
using AlignLab.Models;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace AlignLab.Cli;

/// <summary>
/// Token log-probabilities for the preference judge. Microsoft.Extensions.AI has no provider-neutral log-probabilities,
/// so for OpenAI-protocol judges the request asks for them through the raw OpenAI options
/// (<see cref="ChatCompletionOptions.IncludeLogProbabilities"/>) and the verdict's probability is read from the raw
/// <see cref="ChatCompletion"/>. Other providers (and OpenAI-compatible servers that send none) fall back to the
/// confidence the judge states.
/// </summary>
internal static class OpenAILogProbabilities
{
    public static PreferenceJudgeOptions Apply(PreferenceJudgeOptions options, ModelSpec spec)
    {
        if (spec.Provider != "openai")
        {
            return options;
        }

        return options with
        {
            ChatOptions = new Microsoft.Extensions.AI.ChatOptions
            {
                Temperature = 0,
                RawRepresentationFactory = _ => new ChatCompletionOptions { IncludeLogProbabilities = true },
            },
            VerdictProbability = (response, verdict) => response.RawRepresentation is ChatCompletion completion
                && completion.ContentTokenLogProbabilities is { Count: > 0 } tokens
                    ? VerdictProbability([.. tokens.Select(t => (t.Token, (double)t.LogProbability))], verdict)
                    : null,
        };
    }

    /// <summary>
    /// The probability of the overall verdict token: the first token reading <paramref name="verdict"/> (quotes and spaces
    /// aside) after the last <c>"better"</c> key that follows the principles list (the judge is asked to write the overall
    /// verdict last). Null when there is no such token.
    /// </summary>
    public static double? VerdictProbability(IReadOnlyList<(string Token, double LogProbability)> tokens, string verdict)
    {
        var starts = new int[tokens.Count];
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            starts[i] = text.Length;
            text.Append(tokens[i].Token);
        }

        var all = text.ToString();
        var listEnd = all.LastIndexOf(']');
        var key = all.IndexOf("better", Math.Max(0, listEnd), StringComparison.OrdinalIgnoreCase);
        if (key < 0)
        {
            return null;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (starts[i] >= key + "better".Length && tokens[i].Token.Trim().Trim('"', '\'', ':', ' ') == verdict)
            {
                return Math.Exp(tokens[i].LogProbability);
            }
        }

        return null;
    }
}
