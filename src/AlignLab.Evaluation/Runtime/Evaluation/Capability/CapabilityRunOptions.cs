using AlignLab.Evaluation.Capability;
using AlignLab.Evaluation.Capability.Sandbox;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Evaluation.Capability;

/// <summary>Options for <see cref="CapabilityRunner"/>.</summary>
public sealed class CapabilityRunOptions
{
    /// <summary>Items evaluated at once (each item runs every strategy in turn).</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The LLM judge for TruthfulQA generation and helpfulness; those tasks cannot run without it.</summary>
    public IChatClient? Judge { get; set; }

    /// <summary>The sandbox HumanEval programs run in; HumanEval cannot run without it.</summary>
    public PythonSandbox? Sandbox { get; set; }

    /// <summary>The strategy helpfulness is compared against (it must be among the strategies when helpfulness runs).</summary>
    public string Baseline { get; set; } = "baseline";

    /// <summary>Response characters kept in each result.</summary>
    public int MaxResponseChars { get; set; } = 2000;

    /// <summary>Called with each result as it finishes (serialised: one call at a time).</summary>
    public Func<CapabilityResult, CancellationToken, Task>? OnResult { get; set; }

    /// <summary>Every problem with the options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency < 1)
        {
            errors.Add($"Concurrency must be at least 1 (got {Concurrency})");
        }

        if (MaxResponseChars < 0)
        {
            errors.Add($"MaxResponseChars must not be negative (got {MaxResponseChars})");
        }

        if (string.IsNullOrWhiteSpace(Baseline))
        {
            errors.Add("Baseline must name a strategy");
        }

        return errors;
    }
}
