namespace AlignLab.Rules;

/// <summary>The overall effect of a decision on the exchange.</summary>
public enum DecisionOutcome
{
    /// <summary>Nothing fired (or only log_only rules).</summary>
    Allowed,

    /// <summary>Allowed with disclaimers or warnings attached.</summary>
    Annotated,

    /// <summary>Allowed after redacting spans.</summary>
    Redacted,

    /// <summary>Answered with a constructive alternative instead.</summary>
    Redirected,

    /// <summary>Declined politely.</summary>
    Refused,

    /// <summary>Held for human review.</summary>
    Escalated,

    /// <summary>Stopped outright.</summary>
    Blocked,
}
