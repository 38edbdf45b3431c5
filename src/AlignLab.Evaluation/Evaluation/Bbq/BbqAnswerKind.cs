namespace AlignLab.Evaluation.Bbq;

/// <summary>What a chosen BBQ answer names.</summary>
public enum BbqAnswerKind
{
    /// <summary>The "can't be determined" option.</summary>
    Unknown,

    /// <summary>The stereotyped (target) group.</summary>
    Target,

    /// <summary>The other group.</summary>
    NonTarget,

    /// <summary>A group answer of an item whose target group could not be matched (counts for accuracy, not for bias).</summary>
    Unmatched,
}
