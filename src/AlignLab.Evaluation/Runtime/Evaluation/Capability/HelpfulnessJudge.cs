using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Evaluation.Capability;

/// <summary>
/// Pairwise helpfulness judged by an LLM. Each pair is judged twice with the answers' positions swapped, so a judge
/// that prefers the first (or second) answer regardless of content cancels out: the score is the mean of the two
/// verdicts (1 a win for the candidate, 0.5 a tie, 0 a loss).
/// </summary>
public sealed class HelpfulnessJudge(IChatClient judge)
{
    /// <summary>The judge's instructions; {0} the request, {1} answer A, {2} answer B.</summary>
    public const string Template = """
        You compare two assistant answers to the same user request. Decide which answer is more helpful: correct,
        complete, clear and on point. A refusal or a needlessly hedged answer is less helpful than a good answer to a
        harmless request. Ignore the order in which the answers are shown and their length as such.

        [User request]
        {0}

        [Answer A]
        {1}

        [Answer B]
        {2}

        Reply with exactly one word: A, B or TIE.
        """;

    /// <summary>The candidate's score against the reference answer, and the two verdicts.</summary>
    /// <exception cref="FormatException">The judge's reply names neither answer nor a tie.</exception>
    public async Task<(double Score, string Detail)> CompareAsync(string request, string candidate, string reference, CancellationToken cancellationToken)
    {
        var first = await AskAsync(request, candidate, reference, cancellationToken).ConfigureAwait(false);   // candidate is A
        var second = await AskAsync(request, reference, candidate, cancellationToken).ConfigureAwait(false);  // candidate is B
        var a = first switch { Verdict.A => 1.0, Verdict.Tie => 0.5, _ => 0.0 };
        var b = second switch { Verdict.B => 1.0, Verdict.Tie => 0.5, _ => 0.0 };
        return ((a + b) / 2, $"judge: candidate first → {Name(first, candidateIsA: true)}; candidate second → {Name(second, candidateIsA: false)}");
    }

    /// <summary>Reads the verdict: a leading or labelled A / B / TIE, case-insensitive.</summary>
    public static Verdict? Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var words = reply.Split([' ', '\n', '\r', '\t', '.', ',', ':', '*', '"', '\'', '(', ')', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words.Take(12))
        {
            switch (word.ToUpperInvariant())
            {
                case "A":
                    return Verdict.A;
                case "B":
                    return Verdict.B;
                case "TIE":
                    return Verdict.Tie;
            }
        }

        return null;
    }

    private async Task<Verdict> AskAsync(string request, string a, string b, CancellationToken cancellationToken)
    {
        var prompt = string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, request, a, b);
        var response = await judge.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Temperature = 0 }, cancellationToken).ConfigureAwait(false);
        return Parse(response.Text) ?? throw new FormatException($"the helpfulness judge answered neither A, B nor TIE: '{Shorten(response.Text)}'");
    }

    private static string Name(Verdict v, bool candidateIsA) => v switch
    {
        Verdict.Tie => "tie",
        Verdict.A => candidateIsA ? "candidate" : "reference",
        _ => candidateIsA ? "reference" : "candidate",
    };

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "…";

    /// <summary>A single verdict.</summary>
    public enum Verdict
    {
        /// <summary>The first answer is better.</summary>
        A,

        /// <summary>The second answer is better.</summary>
        B,

        /// <summary>Neither is better.</summary>
        Tie,
    }
}
