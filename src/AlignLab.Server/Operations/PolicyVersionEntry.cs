namespace AlignLab.Server.Operations;

/// <summary>One applied policy version of an arm, as the policy history keeps it.</summary>
/// <param name="Seq">Its place in the history (assigned by the store; 0 before it is stored).</param>
/// <param name="Arm">The arm it was applied to ("a" or "b").</param>
/// <param name="Version">The version: the first 12 hex digits of the SHA-256 of its YAML.</param>
/// <param name="Policy">The constitution's name.</param>
/// <param name="Author">Who applied it: the API key's name, <c>startup</c> or <c>auto-rollback</c>.</param>
/// <param name="At">When it was applied.</param>
/// <param name="Reason">
/// Why: <c>startup</c>, <c>reload</c> (from the file), <c>upload</c>, <c>rollback</c>, <c>auto_rollback</c> or <c>promote</c>.
/// </param>
/// <param name="PreviousVersion">The version it replaced on the arm, or null for the first.</param>
/// <param name="Origin">
/// <c>file</c> (loaded from the operator's file or the embedded default, with includes) or <c>upload</c> (sent over
/// the API, loaded under the upload limits): a rollback to it loads it the same way again.
/// </param>
/// <param name="Yaml">The policy text (null when unknown).</param>
/// <param name="Diff">A unified diff of the YAML against <paramref name="PreviousVersion"/> (empty when unchanged or first).</param>
/// <param name="Detail">A short note: what a rollback undid, which bound an auto-rollback saw breached.</param>
public sealed record PolicyVersionEntry(
    long Seq,
    string Arm,
    string Version,
    string Policy,
    string Author,
    DateTimeOffset At,
    string Reason,
    string? PreviousVersion,
    string Origin,
    string? Yaml,
    string Diff,
    string? Detail);
