using AlignLab.Diagnostics;

namespace AlignLab.Server.Operations;

/// <summary>The outcome of a rollback or promotion.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Message">One sentence for the operator.</param>
/// <param name="ServingVersion">The arm's version afterwards.</param>
/// <param name="Entry">The history entry written, when applied.</param>
/// <param name="Diagnostics">The loader's problems, when the version was refused.</param>
public sealed record PolicyChangeOutcome(
    PolicyChangeStatus Status,
    string Message,
    string ServingVersion,
    PolicyVersionEntry? Entry = null,
    IReadOnlyList<Diagnostic>? Diagnostics = null);
