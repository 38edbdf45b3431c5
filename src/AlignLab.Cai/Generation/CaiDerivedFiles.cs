using System.Globalization;
using System.Text.Json;
using AlignLab.Cai.Files;

namespace AlignLab.Cai.Generation;

/// <summary>
/// Writes <c>sft.jsonl</c> and <c>pairs.jsonl</c> from <c>cai.jsonl</c> (streamed, each through a temporary file
/// renamed into place, so the two always agree with the records) and counts the record-level numbers of the summary.
/// </summary>
internal static class CaiDerivedFiles
{
    public static CaiSummary Write(string directory, CaiRunOptions options)
    {
        var records = Path.Combine(directory, CaiFileNames.Records);
        var sftPath = Path.Combine(directory, CaiFileNames.Sft);
        var pairsPath = Path.Combine(directory, CaiFileNames.Pairs);
        var sftTemp = sftPath + ".tmp";
        var pairsTemp = pairsPath + ".tmp";
        long count = 0, revised = 0, roundsTotal = 0, sft = 0, pairs = 0, scoredBefore = 0, scoredAfter = 0;
        double before = 0, after = 0;
        var roundsUsed = new SortedDictionary<int, long>();
        var stopReasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var tokens = new CaiTokenUsage();
        using (var sftWriter = new StreamWriter(sftTemp, append: false))
        using (var pairsWriter = new StreamWriter(pairsTemp, append: false))
        {
            sftWriter.NewLine = "\n";
            pairsWriter.NewLine = "\n";
            foreach (var line in File.Exists(records) ? File.ReadLines(records) : [])
            {
                if (Read(line) is not { } r)
                {
                    continue;
                }

                count++;
                roundsTotal += r.Rounds.Count;
                roundsUsed[r.Rounds.Count] = roundsUsed.GetValueOrDefault(r.Rounds.Count) + 1;
                stopReasons[r.StopReason] = stopReasons.GetValueOrDefault(r.StopReason) + 1;
                tokens = new CaiTokenUsage
                {
                    Generator = tokens.Generator.Add(r.Tokens.Generator),
                    Critic = tokens.Critic.Add(r.Tokens.Critic),
                    Reviser = tokens.Reviser.Add(r.Tokens.Reviser),
                };
                if (r.InitialScore is { } b)
                {
                    before += b;
                    scoredBefore++;
                }

                if (r.FinalScore is { } a)
                {
                    after += a;
                    scoredAfter++;
                }

                sftWriter.WriteLine(JsonSerializer.Serialize(
                    new SftRecord([new ChatTurn("user", r.Prompt), new ChatTurn("assistant", r.Final)]), CaiJsonContext.Lines.SftRecord));
                sft++;
                if (r.Revised)
                {
                    revised++;
                    pairsWriter.WriteLine(JsonSerializer.Serialize(
                        new PreferencePair { Prompt = r.Prompt, Chosen = r.Final, Rejected = r.Initial, Id = r.Id, Source = "cai" },
                        CaiJsonContext.Lines.PreferencePair));
                    pairs++;
                }
            }
        }

        File.Move(sftTemp, sftPath, overwrite: true);
        File.Move(pairsTemp, pairsPath, overwrite: true);
        var (cost, note) = Cost(tokens.Total, options);
        return new CaiSummary
        {
            Records = count,
            Revised = revised,
            RevisionRate = count == 0 ? 0 : (double)revised / count,
            MeanRounds = count == 0 ? 0 : (double)roundsTotal / count,
            RoundsUsed = roundsUsed.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            StopReasons = new Dictionary<string, long>(stopReasons, StringComparer.Ordinal),
            MeanScoreBefore = scoredBefore == 0 ? null : before / scoredBefore,
            MeanScoreAfter = scoredAfter == 0 ? null : after / scoredAfter,
            ScoredAfter = scoredAfter,
            SftRecords = sft,
            Pairs = pairs,
            Tokens = tokens,
            EstimatedCostUsd = cost,
            CostNote = note,
        };
    }

    private static CaiRecord? Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            var r = JsonSerializer.Deserialize(line, CaiJsonContext.Lines.CaiRecord);
            return r is { Id: not null, Prompt: not null, Initial: not null, Final: not null, Models: not null, Rounds: not null, Tokens: not null }
                ? r
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (double? Cost, string Note) Cost(TokenCounts total, CaiRunOptions options)
    {
        if (options.PricePerMillionInput is null && options.PricePerMillionOutput is null)
        {
            return (null, "no price given: tokens only (set the input and output prices per million tokens for an estimate)");
        }

        var input = options.PricePerMillionInput ?? 0;
        var output = options.PricePerMillionOutput ?? 0;
        var cost = (total.Input * input + total.Output * output) / 1_000_000;
        return (cost, string.Create(CultureInfo.InvariantCulture,
            $"every record's tokens at ${input} per million input and ${output} per million output tokens, one price for all three models"));
    }
}
