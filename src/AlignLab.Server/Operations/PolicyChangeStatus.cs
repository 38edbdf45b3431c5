namespace AlignLab.Server.Operations;

/// <summary>How a rollback or promotion ended.</summary>
public enum PolicyChangeStatus
{
    /// <summary>Applied: the arm serves the version asked for.</summary>
    Applied,

    /// <summary>The arm already served that version; nothing changed.</summary>
    Unchanged,

    /// <summary>No such version, arm or experiment; nothing changed.</summary>
    NotFound,

    /// <summary>Another reload was compiling; nothing changed (try again when it finishes).</summary>
    Busy,

    /// <summary>Refused (the version no longer loads, or a promotion lacks data); nothing changed.</summary>
    Refused,
}
