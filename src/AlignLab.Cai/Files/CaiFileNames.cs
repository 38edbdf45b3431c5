namespace AlignLab.Cai.Files;

/// <summary>The files a <c>cai generate</c> run writes in its output directory.</summary>
public static class CaiFileNames
{
    /// <summary>Every record with its rounds (the run's source of truth; appended, one flushed line per prompt).</summary>
    public const string Records = "cai.jsonl";

    /// <summary>Conversations for supervised fine-tuning (derived from <see cref="Records"/>).</summary>
    public const string Sft = "sft.jsonl";

    /// <summary>Preference pairs, chosen = final and rejected = initial, for revised prompts only (derived from <see cref="Records"/>).</summary>
    public const string Pairs = "pairs.jsonl";

    /// <summary>The prompts the latest run could not complete.</summary>
    public const string Failures = "failures.jsonl";

    /// <summary>The run's numbers.</summary>
    public const string Summary = "summary.json";
}
