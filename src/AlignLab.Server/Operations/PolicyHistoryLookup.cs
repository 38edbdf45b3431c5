namespace AlignLab.Server.Operations;

/// <summary>Picks the entry a version prefix names among the matches (newest first).</summary>
internal static class PolicyHistoryLookup
{
    /// <summary>The newest match, null for none.</summary>
    /// <exception cref="ArgumentException">The prefix is not 4 to 64 hex digits, or names more than one version.</exception>
    public static PolicyVersionEntry? Single(string prefix, IReadOnlyList<PolicyVersionEntry> matches)
    {
        var versions = matches.Select(m => m.Version).Distinct(StringComparer.Ordinal).ToList();
        if (versions.Count > 1)
        {
            throw new ArgumentException($"'{prefix}' names {versions.Count} versions ({string.Join(", ", versions.Take(5))}): give more digits");
        }

        return matches.Count == 0 ? null : matches[0];
    }
}
