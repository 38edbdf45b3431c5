namespace AlignLab.Constitutions;

/// <summary>
/// What a rule asks for when it fires. The numeric values are the precedence: when several rules fire,
/// the most protective action (the highest value) decides the outcome; the others still contribute their
/// disclaimers, warnings and redactions. See docs/CONSTITUTION.md, "Precedence".
/// </summary>
public enum AlignmentAction
{
    /// <summary>Nothing to do.</summary>
    Allow = 0,

    /// <summary>Record the match in the trace and logs, change nothing.</summary>
    LogOnly = 1,

    /// <summary>Let the exchange through and append a disclaimer to the response.</summary>
    AddDisclaimer = 2,

    /// <summary>Let the exchange through and prepend a visible warning.</summary>
    AddWarning = 3,

    /// <summary>Replace the matched spans with a redaction marker, then continue.</summary>
    Redact = 4,

    /// <summary>Do not answer as asked; steer towards a safe, constructive alternative.</summary>
    RedirectPositive = 5,

    /// <summary>Decline with the rule's message.</summary>
    RefusePolitely = 6,

    /// <summary>Hold the exchange for human review (queued with its trace) and answer with a holding message.</summary>
    Escalate = 7,

    /// <summary>Stop outright.</summary>
    Block = 8,
}
