using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Refusals;
using AlignLab.Server.Preferences;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Cases for the false-positive analysis taken from preference data (issue 19 item 2): a <c>pairs.jsonl</c> file (what
/// the dashboard's rating export, <c>cai generate</c> and <c>prefs label</c> write) or the dashboard's preference store
/// (<c>alignlab-preferences.db</c>). A preference compares two answers to one prompt; it says something about the
/// guard only when exactly one of the two is a refusal (<see cref="RefusalDetector"/>):
/// <list type="bullet">
/// <item>the answer was preferred to the refusal: people wanted the prompt answered, so it is a benign case (a false
/// positive when the guard stops it);</item>
/// <item>the refusal was preferred to the answer: people wanted it declined, so it is a harmful case (used, like a
/// rejected review item, to check that a suggested exception would not let it through).</item>
/// </list>
/// Pairs of two answers or two refusals compare quality and give no label; a prompt whose pairs point both ways is left
/// out. Both are counted. Review decisions are the stronger label (a person looked at the guard's own decision), so a
/// prompt a reviewer decided keeps the reviewer's label.
/// </summary>
internal static class PreferenceLabeledCases
{
    /// <summary>The suite name the cases carry in the report.</summary>
    public const string Suite = "preferences";

    /// <summary>Most pairs read from one preference store.</summary>
    private const int MaxStorePairs = 1_000_000;

    /// <summary>Reads every source; pairs of a store outside [<paramref name="from"/>, <paramref name="toExclusive"/>) are left out.</summary>
    public static async Task<PreferenceLabels> ReadAsync(IReadOnlyList<string> paths, DateTimeOffset? from, DateTimeOffset? toExclusive,
        CancellationToken cancellationToken)
    {
        var votes = new Dictionary<string, (bool Benign, bool Harmful)>(StringComparer.Ordinal);
        var problems = new List<string>();
        int pairs = 0, uninformative = 0;
        foreach (var path in paths)
        {
            await foreach (var (prompt, chosen, rejected) in PairsIn(path, from, toExclusive, problems, cancellationToken).ConfigureAwait(false))
            {
                pairs++;
                var chosenRefuses = RefusalDetector.Default.Detect(chosen).IsRefusal;
                var rejectedRefuses = RefusalDetector.Default.Detect(rejected).IsRefusal;
                if (chosenRefuses == rejectedRefuses)
                {
                    uninformative++;
                    continue;
                }

                var vote = votes.GetValueOrDefault(prompt);
                votes[prompt] = rejectedRefuses ? vote with { Benign = true } : vote with { Harmful = true };
            }
        }

        var cases = new List<EvalCase>();
        var conflicting = 0;
        var n = 0;
        foreach (var (prompt, vote) in votes)
        {
            if (vote.Benign && vote.Harmful)
            {
                conflicting++;
                continue;
            }

            cases.Add(new EvalCase($"preference:{++n}", prompt, vote.Benign ? CaseLabel.Benign : CaseLabel.Harmful, Suite));
        }

        return new PreferenceLabels(cases, pairs, uninformative, conflicting, problems);
    }

    private static async IAsyncEnumerable<(string Prompt, string Chosen, string Rejected)> PairsIn(
        string path, DateTimeOffset? from, DateTimeOffset? toExclusive, List<string> problems,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            // pairs.jsonl lines carry no date, so --from/--to cannot apply to them (the command says so).
            var line = 0;
            using var reader = new StreamReader(path);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                if (Parse(text) is { } pair)
                {
                    yield return pair;
                }
                else
                {
                    problems.Add($"{path}:{line}: not a pairs.jsonl record (an object with string prompt, chosen and rejected); skipped");
                }
            }

            yield break;
        }

        if (!IsPreferenceStore(path))
        {
            problems.Add($"{path}: neither a pairs.jsonl file nor a preference store (a SQLite file with a preference_pairs table); skipped");
            yield break;
        }

        using var store = new SqlitePreferenceStore(path, TimeProvider.System);
        foreach (var p in await store.RecentAsync(MaxStorePairs, cancellationToken).ConfigureAwait(false))
        {
            if ((from is null || p.CreatedAt >= from) && (toExclusive is null || p.CreatedAt < toExclusive))
            {
                yield return (p.Prompt, p.Chosen, p.Rejected);
            }
        }
    }

    /// <summary>Whether the file is a SQLite database holding the dashboard's preference table (looked at read-only).</summary>
    private static bool IsPreferenceStore(string path)
    {
        try
        {
            var cs = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path,
                Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false };
            using var c = new Microsoft.Data.Sqlite.SqliteConnection(cs.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'preference_pairs'";
            return (long)cmd.ExecuteScalar()! == 1;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }

    private static (string, string, string)? Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("prompt", out var prompt) && prompt.ValueKind == JsonValueKind.String
                && root.TryGetProperty("chosen", out var chosen) && chosen.ValueKind == JsonValueKind.String
                && root.TryGetProperty("rejected", out var rejected) && rejected.ValueKind == JsonValueKind.String
                ? (prompt.GetString()!, chosen.GetString()!, rejected.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
