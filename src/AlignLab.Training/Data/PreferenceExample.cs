namespace AlignLab.Training.Data;

/// <summary>One preference pair for the reward and DPO trainers.</summary>
/// <param name="Prompt">The user's request (for Anthropic HH transcripts: the shared dialogue before the last answer).</param>
/// <param name="Chosen">The preferred answer.</param>
/// <param name="Rejected">The dispreferred answer.</param>
/// <param name="Line">The 1-based line of the JSONL file it came from (0 when built in code).</param>
public sealed record PreferenceExample(string Prompt, string Chosen, string Rejected, int Line = 0);
