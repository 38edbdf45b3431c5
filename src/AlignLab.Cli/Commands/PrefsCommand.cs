using System.CommandLine;
using System.Globalization;
using System.Text;
using AlignLab.Evaluation;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab prefs</c>: preference data for RLHF/DPO. <c>collect</c> gathers candidate answers across models;
/// <c>label</c> has a judge model label pairs under constitution principles (RLAIF). docs/CAI.md (section 3) walks through both.
/// </summary>
internal static class PrefsCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("prefs", "Preference data: collect candidate answers across models, and label pairs with a judge (RLAIF).");
        cmd.Subcommands.Add(PrefsLabelCommand.Create(ctx));
        cmd.Subcommands.Add(PrefsCollectCommand.Create(ctx));
        return cmd;
    }

    internal static Option<int> Concurrency(int defaultValue, string what) => new("--concurrency", "-j")
    {
        Description = what,
        DefaultValueFactory = _ => defaultValue,
    };

    internal static Option<bool> Resume() => new("--resume")
    {
        Description = "Keep the --out file of an earlier run and skip what it already holds (a torn last line is cut); "
            + "without it an existing --out file is replaced.",
    };

    internal static int Positive(ParseResult parse, Option<int> option)
    {
        var value = parse.GetValue(option);
        return value >= 1 ? value : throw new CliUsageException($"{option.Name} must be at least 1, not {value}");
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending when resuming (after cutting a torn last line and collecting the ids
    /// of the lines it holds with <paramref name="idOf"/>), else creates it empty. Lines are flushed as they are written,
    /// so an interrupted run leaves every finished line behind.
    /// </summary>
    internal static StreamWriter OpenOutput(string path, bool resume, Func<string, string?> idOf, HashSet<string> done)
    {
        if (resume && File.Exists(path))
        {
            CutTornLine(path);
            foreach (var line in File.ReadLines(path))
            {
                if (idOf(line) is { } id)
                {
                    done.Add(id);
                }
            }
        }

        var stream = new FileStream(path, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    private static void CutTornLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var end = stream.Length;
        while (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n')
            {
                break;
            }

            end--;
        }

        stream.SetLength(end);
    }

    internal static string Rate(RateEstimate r) => r.Total == 0
        ? "n/a (0 items)"
        : string.Create(CultureInfo.InvariantCulture,
            $"{r.Rate * 100:0.0}% ({r.Successes}/{r.Total}, 95% CI {r.Low * 100:0.0}–{r.High * 100:0.0}%)");

    internal static void ListProblems(CliContext ctx, string what, int count, IReadOnlyList<string> listed)
    {
        if (count == 0)
        {
            return;
        }

        ctx.Error.WriteLine($"alignlab: {count} {what}{(count > listed.Count ? $" (the first {listed.Count} below)" : "")}:");
        foreach (var line in listed)
        {
            ctx.Error.WriteLine("  " + line);
        }
    }
}
