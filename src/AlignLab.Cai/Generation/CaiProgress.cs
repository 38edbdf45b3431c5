namespace AlignLab.Cai.Generation;

/// <summary>How far a run has got.</summary>
/// <param name="Resumed">Prompts skipped because <c>cai.jsonl</c> already held them.</param>
/// <param name="Generated">Records written by this run.</param>
/// <param name="Failed">Prompts that failed in this run.</param>
public readonly record struct CaiProgress(long Resumed, long Generated, long Failed)
{
    /// <summary>Prompts dealt with: resumed, generated or failed.</summary>
    public long Done => Resumed + Generated + Failed;
}
