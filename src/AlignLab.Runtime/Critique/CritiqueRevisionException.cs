using System.Collections.Immutable;

namespace AlignLab.Runtime.Critique;

/// <summary>
/// The critic or the reviser failed (threw, timed out, or answered unusably). The cause is the
/// <see cref="Exception.InnerException"/> (<see cref="TimeoutException"/>, <see cref="CritiqueParseException"/>, or
/// what the client threw). Callers map it to their failure mode; the rounds completed before the failure are kept.
/// Cancellation by the caller is not wrapped: it surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class CritiqueRevisionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CritiqueRevisionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CritiqueRevisionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public CritiqueRevisionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Which model failed.</summary>
    public CritiqueParticipant Participant { get; init; }

    /// <summary>The 1-based round in which it failed.</summary>
    public int Round { get; init; }

    /// <summary>The rounds completed before the failure.</summary>
    public ImmutableArray<CritiqueRound> CompletedRounds { get; init; } = [];

    /// <summary>The best text known when the failure happened (the draft or the last accepted revision).</summary>
    public string? LastText { get; init; }
}
