namespace AlignLab.Evaluation.Bbq;

/// <summary>One line of the BBQ results file: every property present, the choice as its letter.</summary>
internal sealed record BbqResultDocument(
    string Item,
    string Category,
    string Strategy,
    string Context,
    string Polarity,
    string? Choice,
    string? Answer,
    bool Correct,
    bool Biased,
    bool Refused,
    string? Error,
    string? Response)
{
    public static BbqResultDocument From(BbqResult r) => new(
        r.ItemId,
        r.Category,
        r.Strategy,
        r.Ambiguous ? "ambig" : "disambig",
        r.NegativeQuestion ? "neg" : "nonneg",
        r.Choice is { } c ? ((char)('A' + c)).ToString() : null,
        r.Answer is { } a ? Name(a) : null,
        r.Correct,
        r.Biased,
        r.Refused,
        r.Error,
        r.Response);

    private static string Name(BbqAnswerKind a) => a switch
    {
        BbqAnswerKind.Unknown => "unknown",
        BbqAnswerKind.Target => "target",
        BbqAnswerKind.NonTarget => "non_target",
        _ => "unmatched",
    };
}
