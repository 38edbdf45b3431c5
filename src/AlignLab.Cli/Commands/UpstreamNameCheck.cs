using AlignLab.Constitutions;
using AlignLab.Models;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>serve --upstream NAME</c>, where NAME is not a provider:model spec, takes the model named NAME under each arm's
/// policy's <c>models:</c>. When one of the policies (<c>--policy</c>, <c>--policy-b</c>) lacks it, serving used to end in
/// "internal error: ArgumentException" (exit 70); this finds it first, as a usage error that says which policy lacks it.
/// </summary>
internal static class UpstreamNameCheck
{
    /// <summary>
    /// The problem to report, or null when the upstream is a spec (or absent), every policy names it, or a policy
    /// does not load (the gateway then reports its diagnostics).
    /// </summary>
    public static string? Problem(string? upstream, string? policyPath, string? policyBPath)
    {
        if (upstream is null || ModelSpec.TryParse(upstream, out _) is not null)
        {
            return null;
        }

        var lacking = new List<string>();
        var having = new List<string>();
        foreach (var (option, path) in new[] { ("--policy", policyPath), ("--policy-b", policyBPath) })
        {
            if (path is null && option == "--policy-b")
            {
                continue;
            }

            var result = path is null
                ? ConstitutionLoader.LoadText(ConstitutionLoader.ReadDefaultText(), "default_constitution.yaml")
                : ConstitutionLoader.LoadFile(path);
            if (!result.Success)
            {
                return null;
            }

            var described = path is null ? "the default constitution (no --policy)" : $"{path} ({option})";
            (result.Constitution!.Runtime.Models.ContainsKey(upstream) ? having : lacking).Add(described);
        }

        if (lacking.Count == 0)
        {
            return null;
        }

        return $"upstream '{upstream}' is not a provider:model spec, and {string.Join(" and ", lacking)} has no model of that name under models:"
            + (having.Count > 0 ? $" (only {string.Join(" and ", having)} has it)" : "")
            + $"; every policy the gateway serves needs it, or give the spec itself (e.g. openai:MODEL@URL)";
    }
}
