using AlignLab.Diagnostics;

namespace AlignLab.Evaluation.Capability;

/// <summary>
/// The capability tasks <c>alignlab eval --capability</c> can run. Accuracy tasks (<see cref="Gsm8k"/>,
/// <see cref="TruthfulQaMc"/>, <see cref="TruthfulQaGen"/>, <see cref="HumanEval"/>) make up the capability score;
/// <see cref="Helpfulness"/> is a pairwise win-rate against the baseline and is reported beside it.
/// </summary>
public static class CapabilityTasks
{
    /// <summary>Grade-school maths: the reply's final number must equal the reference answer.</summary>
    public const string Gsm8k = "gsm8k";

    /// <summary>TruthfulQA multiple choice: the best answer among four options taken from the dataset.</summary>
    public const string TruthfulQaMc = "truthfulqa_mc";

    /// <summary>TruthfulQA generation: a free answer an LLM judge compares with the dataset's true and false answers.</summary>
    public const string TruthfulQaGen = "truthfulqa_gen";

    /// <summary>HumanEval: pass@1 of the completed function, executed against its tests in a sandbox.</summary>
    public const string HumanEval = "humaneval";

    /// <summary>Benign chat prompts: pairwise win-rate against the baseline's answer, judged by an LLM in both orders.</summary>
    public const string Helpfulness = "helpfulness";

    /// <summary>Every task, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Gsm8k, TruthfulQaMc, TruthfulQaGen, HumanEval, Helpfulness];

    /// <summary>The tasks whose accuracy makes up the capability score.</summary>
    public static IReadOnlyList<string> AccuracyTasks { get; } = [Gsm8k, TruthfulQaMc, TruthfulQaGen, HumanEval];

    /// <summary>Whether the task needs an LLM judge.</summary>
    public static bool NeedsJudge(string task) => task is TruthfulQaGen or Helpfulness;

    /// <summary>
    /// Parses a comma-separated task list: task names, <c>all</c>, or the dataset names <c>truthfulqa</c> (both
    /// TruthfulQA tasks). Returns false with a message (suggesting the closest name) for an unknown name.
    /// </summary>
    public static bool TryParse(string? text, out IReadOnlyList<string> tasks, out string? error)
    {
        error = null;
        var result = new List<string>();
        var parts = (text ?? "all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            parts = ["all"];
        }

        foreach (var raw in parts)
        {
            var part = raw.ToLowerInvariant();
            IEnumerable<string> add = part switch
            {
                "all" => Names,
                "truthfulqa" => [TruthfulQaMc, TruthfulQaGen],
                _ when Names.Contains(part) => [part],
                _ => [],
            };
            if (!add.Any())
            {
                tasks = [];
                error = $"unknown capability task '{raw}'; {Suggestions.Hint(raw, [.. Names, "truthfulqa", "all"])}";
                return false;
            }

            result.AddRange(add);
        }

        tasks = [.. Names.Where(result.Contains)];
        return true;
    }
}
