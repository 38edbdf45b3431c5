namespace AlignLab.Runtime.Review;

/// <summary>An exchange the guard wants a human to look at.</summary>
/// <param name="Reason">Why it needs review, e.g. <c>validators disagree 0.55 &gt; 0.4</c>.</param>
/// <param name="Prompt">The user prompt, verbatim (any string: it is stored without loss).</param>
/// <param name="Response">The model response, when there is one.</param>
/// <param name="PolicyName">The constitution or policy that was applied.</param>
/// <param name="TraceJson">The full decision trace as JSON text.</param>
/// <param name="Categories">Category ids involved (e.g. <c>violent_crimes</c>).</param>
/// <param name="Score">The score that triggered the review, 0–1 by convention (any finite number is kept).</param>
public sealed record ReviewRequest(
    string Reason,
    string Prompt,
    string? Response,
    string PolicyName,
    string TraceJson,
    IReadOnlyList<string> Categories,
    double Score)
{
    /// <summary>Throws <see cref="ArgumentException"/> when a required value is missing or the score is not finite.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Reason, nameof(Reason));
        ArgumentNullException.ThrowIfNull(Prompt, nameof(Prompt));
        ArgumentNullException.ThrowIfNull(PolicyName, nameof(PolicyName));
        ArgumentNullException.ThrowIfNull(TraceJson, nameof(TraceJson));
        ArgumentNullException.ThrowIfNull(Categories, nameof(Categories));
        if (Categories.Any(c => c is null))
        {
            throw new ArgumentException("Categories must not contain null.", nameof(Categories));
        }

        if (!double.IsFinite(Score))
        {
            throw new ArgumentException("Score must be a finite number.", nameof(Score));
        }
    }
}
