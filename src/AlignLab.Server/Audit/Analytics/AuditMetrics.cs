namespace AlignLab.Server.Audit.Analytics;

/// <summary>The sections of an audit report, as named on the command line (<c>--metrics volume,latency</c>).</summary>
public static class AuditMetrics
{
    /// <summary>Requests per day.</summary>
    public const string Volume = "volume";

    /// <summary>Block and intervention rates per day.</summary>
    public const string Rates = "rates";

    /// <summary>Counts per rule, category, action and endpoint.</summary>
    public const string Rules = "rules";

    /// <summary>Review-queue outcomes.</summary>
    public const string Review = "review";

    /// <summary>Latency percentiles per day.</summary>
    public const string Latency = "latency";

    /// <summary>Error rate per day.</summary>
    public const string Errors = "errors";

    /// <summary>Score distribution and its drift (PSI) against the reference window.</summary>
    public const string Drift = "drift";

    /// <summary>Every section, in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Volume, Rates, Errors, Latency, Drift, Rules, Review];

    /// <summary>Parses a list of names (comma-separated or repeated); returns the unknown ones in <paramref name="unknown"/>.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string>? names, out IReadOnlyList<string> unknown)
    {
        var given = (names ?? [])
            .SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(n => n.ToLowerInvariant())
            .ToList();
        unknown = [.. given.Where(n => !All.Contains(n, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];
        return given.Count == 0 ? All : [.. All.Where(m => given.Contains(m, StringComparer.Ordinal))];
    }
}
