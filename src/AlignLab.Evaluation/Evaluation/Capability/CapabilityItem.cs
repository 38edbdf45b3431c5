using System.Collections.Immutable;

namespace AlignLab.Evaluation.Capability;

/// <summary>One capability question. Which fields are set depends on the task.</summary>
/// <param name="Id">Stable id, unique within its task (e.g. <c>gsm8k-0012</c>, <c>HumanEval/7</c>).</param>
/// <param name="Task">The task (<see cref="CapabilityTasks"/>).</param>
/// <param name="Question">The question, the function prompt (HumanEval) or the chat prompt (helpfulness).</param>
public sealed record CapabilityItem(string Id, string Task, string Question)
{
    /// <summary>GSM8K: the reference answer.</summary>
    public decimal? Answer { get; init; }

    /// <summary>TruthfulQA multiple choice: the options in the order shown (A, B, …).</summary>
    public ImmutableArray<string> Options { get; init; } = [];

    /// <summary>TruthfulQA multiple choice: the index of the correct option in <see cref="Options"/>.</summary>
    public int CorrectOption { get; init; }

    /// <summary>TruthfulQA generation: true reference answers, for the judge.</summary>
    public ImmutableArray<string> CorrectAnswers { get; init; } = [];

    /// <summary>TruthfulQA generation: false reference answers, for the judge.</summary>
    public ImmutableArray<string> IncorrectAnswers { get; init; } = [];

    /// <summary>HumanEval: the function the tests call.</summary>
    public string? EntryPoint { get; init; }

    /// <summary>HumanEval: the test code defining <c>check(candidate)</c>.</summary>
    public string? Test { get; init; }

    /// <summary>The dataset it came from, for attribution.</summary>
    public string? Source { get; init; }
}
