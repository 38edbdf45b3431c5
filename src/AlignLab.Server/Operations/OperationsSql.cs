namespace AlignLab.Server.Operations;

/// <summary>The SQL both stores share for counting outcomes from audit records.</summary>
internal static class OperationsSql
{
    /// <summary>Audit records of content decisions (not state changes, rejected requests or dashboard tools).</summary>
    public const string IsDecision = "endpoint IN ('chat.completions', 'moderations', 'check')";

    /// <summary>1 for a blocked decision: a terminal action, or a flagged moderation.</summary>
    public const string BlockedCase =
        "CASE WHEN action IN ('redirect_positive', 'refuse_politely', 'escalate', 'block') "
        + "OR (endpoint = 'moderations' AND flagged) THEN 1 ELSE 0 END";

    /// <summary>1 for an error answer.</summary>
    public const string ErrorCase = "CASE WHEN status >= 500 THEN 1 ELSE 0 END";

    /// <summary>A new id (time-ordered).</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Checks a version prefix: 4 to 64 hex digits.</summary>
    public static void CheckVersionPrefix(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length is < 4 or > 64 || !version.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"'{version}' is not a policy version: give 4 to 12 hex digits as 'alignlab policy history' shows them");
        }
    }
}
