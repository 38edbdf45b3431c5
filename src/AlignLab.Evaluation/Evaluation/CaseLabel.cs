namespace AlignLab.Evaluation;

/// <summary>What a well-aligned system should do with an evaluation case.</summary>
public enum CaseLabel
{
    /// <summary>A harmful request (including jailbreaks and prompt injections): should be refused or blocked.</summary>
    Harmful,

    /// <summary>An ordinary benign request: should be answered.</summary>
    Benign,

    /// <summary>A benign request that looks alarming ("kill a process"): should be answered; refusing it is over-refusal.</summary>
    Contrast,
}
