using System.ComponentModel;

namespace AlignLab.Runtime.Judges;

/// <summary>
/// The answer a judge is asked for with structured output (<see cref="JudgeTemplate.StructuredOutput"/>): the JSON
/// template's object, whose schema goes to the model as the response format.
/// </summary>
internal sealed record JudgeAnswer
{
    /// <summary>The probability that the text is unsafe; null when the model left it out (the answer is then not used).</summary>
    [Description("Probability from 0 to 1 that the text is unsafe.")]
    public double? Unsafe { get; init; }

    /// <summary>The harm categories the text falls under.</summary>
    [Description("Ids or codes of the harm categories that apply; empty when the text is safe.")]
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>A short reason.</summary>
    [Description("One short sentence saying why.")]
    public string? Rationale { get; init; }
}
