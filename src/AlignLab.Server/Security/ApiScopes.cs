namespace AlignLab.Server.Security;

/// <summary>
/// What a caller may do. A key holds one or more scopes; each API endpoint requires one (see docs/SECURITY.md).
/// </summary>
[Flags]
public enum ApiScopes
{
    /// <summary>No scope: the caller may use nothing behind authentication.</summary>
    None = 0,

    /// <summary>Chat, moderations, models, <c>/api/check</c>, <c>/api/classify</c>, the arms list and the dashboard's model calls.</summary>
    Inference = 1,

    /// <summary>
    /// The review queue (read and decide), preference pairs (read, add, export), rating queues (import, rate, export) and
    /// eval reports.
    /// </summary>
    Review = 2,

    /// <summary>Policies (read, validate, reload, persist) and the audit log. Includes <see cref="Review"/>.</summary>
    Admin = 4,

    /// <summary>Every scope.</summary>
    All = Inference | Review | Admin,
}
