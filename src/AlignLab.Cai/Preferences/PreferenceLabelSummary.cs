using AlignLab.Evaluation;

namespace AlignLab.Cai.Preferences;

/// <summary>What a labelling run did. Rates carry 95% Wilson intervals.</summary>
public sealed record PreferenceLabelSummary
{
    /// <summary>Items sent to the judge.</summary>
    public int Items { get; init; }

    /// <summary>Items both orders agreed on (written as pairs).</summary>
    public int Labelled { get; init; }

    /// <summary>Items whose two orders disagreed or that the judge called even.</summary>
    public int Ties { get; init; }

    /// <summary>Items with a failed judge call or an unreadable answer: counted here, never as labels.</summary>
    public int Errors { get; init; }

    /// <summary>Input lines that could not be used (skipped).</summary>
    public int Malformed { get; init; }

    /// <summary>Items skipped because the output already held them (resume).</summary>
    public int Resumed { get; init; }

    /// <summary>The first malformed lines, as <c>line N: reason</c>.</summary>
    public IReadOnlyList<string> MalformedLines { get; init; } = [];

    /// <summary>The first errors, as <c>id: reason</c>.</summary>
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    /// <summary>Ties among decided items and ties: ties / (labelled + ties).</summary>
    public required RateEstimate TieRate { get; init; }

    /// <summary>
    /// Labels that agree with the input's human label, out of the labelled items that carry one (null when none do).
    /// Ties and errors are not in it; <see cref="TieRate"/> says how many items were left out that way.
    /// </summary>
    public RateEstimate? HumanAgreement { get; init; }

    /// <summary>Order verdicts that picked the response shown first, out of those that picked one (0.5 is no position bias).</summary>
    public required RateEstimate FirstPositionRate { get; init; }

    /// <summary>Where the confidences came from: <c>logprobs</c>, <c>stated</c>, <c>mixed</c>, or null when there were none.</summary>
    public string? ConfidenceSource { get; init; }
}
