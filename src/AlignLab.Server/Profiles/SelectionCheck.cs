using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Profiles;

/// <summary>
/// Checks a request's context and profile against the policy that will decide it (an unknown name is a 400 with the
/// closest known name) and against the caller's key (<see cref="ApiKeyEntry.Profiles"/>,
/// <see cref="ApiKeyEntry.Contexts"/>: a name the key may not use is a 403). The default (no name) is always allowed.
/// </summary>
internal static class SelectionCheck
{
    /// <summary>The first problem with <paramref name="selection"/>, or null when it may be used.</summary>
    /// <param name="selection">What the request asked for.</param>
    /// <param name="constitution">The policy of the arm serving the request.</param>
    /// <param name="key">The caller's key (null: anonymous, which no key restriction applies to).</param>
    /// <param name="paramFor">The header or field that named a profile (true) or a context (false).</param>
    public static SelectionProblem? Find(RequestSelection selection, Constitution constitution, ApiKeyEntry? key, Func<bool, string> paramFor)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(paramFor);
        return Problem("profile", selection.Profile, constitution.Profiles.Keys, key?.Profiles, key?.Name, () => paramFor(true))
            ?? Problem("context", selection.Context, constitution.Contexts.Keys, key?.Contexts, key?.Name, () => paramFor(false));
    }

    private static SelectionProblem? Problem(
        string kind, string? name, IEnumerable<string> defined, IReadOnlyList<string>? allowed, string? keyName, Func<string> param)
    {
        if (name is null)
        {
            return null;
        }

        var known = defined.Order(StringComparer.Ordinal).ToList();
        if (!known.Contains(name, StringComparer.Ordinal))
        {
            var hint = known.Count == 0 ? $"this policy defines no {kind}s" : Suggestions.Hint(name, known);
            return new SelectionProblem(StatusCodes.Status400BadRequest, $"unknown {kind} '{name}': {hint}", param());
        }

        if (allowed is not null && !allowed.Contains(name, StringComparer.Ordinal))
        {
            var may = allowed.Count == 0 ? $"only the default (no {kind})" : string.Join(", ", allowed.Order(StringComparer.Ordinal));
            return new SelectionProblem(StatusCodes.Status403Forbidden,
                $"the API key '{keyName}' may not use {kind} '{name}' (it may use: {may}; see api_keys in docs/OPERATIONS.md)", param());
        }

        return null;
    }
}
