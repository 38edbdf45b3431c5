using System.Collections.Immutable;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AlignLab.Evaluation.Bbq;

/// <summary>
/// Reads BBQ's category files (<c>&lt;Category&gt;.jsonl</c> or <c>.jsonl.gz</c>, as in <c>../shared/data/bbq</c>; CC BY 4.0,
/// not bundled). The target answer is the one whose group label or surface text is among the item's
/// <c>stereotyped_groups</c> (case-insensitive); an item where no answer matches keeps a null target and counts for accuracy
/// only. A malformed row throws <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
public static class BbqDataReader
{
    /// <summary>Every item in the folder (files in name order), or at most <paramref name="limitPerCategory"/> per category.</summary>
    public static IReadOnlyList<BbqItem> Read(string directory, int? limitPerCategory = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new InvalidDataException($"{directory} is not a folder: give BBQ's data folder (e.g. ../shared/data/bbq)");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"{directory} holds no BBQ file (<Category>.jsonl or .jsonl.gz)");
        }

        var items = new List<BbqItem>();
        foreach (var file in files)
        {
            var fileItems = ReadFile(file);
            items.AddRange(limitPerCategory is { } n && n < fileItems.Count ? Subset(fileItems, n) : fileItems);
        }

        return items;
    }

    /// <summary>
    /// A fixed subset of <paramref name="count"/> items: ordered by SHA-256 of <c>alignlab-bbq/{id}</c>, the first taken, returned
    /// in file order. Context conditions and polarities are balanced in BBQ's files, and stay close to balanced in the subset.
    /// </summary>
    public static IReadOnlyList<BbqItem> Subset(IReadOnlyList<BbqItem> items, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. items.Select((item, index) => (item, index))
            .OrderBy(x => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("alignlab-bbq/" + x.item.Id))), StringComparer.Ordinal)
            .Take(count).OrderBy(x => x.index).Select(x => x.item)];
    }

    private static List<BbqItem> ReadFile(string path)
    {
        using var raw = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var items = new List<BbqItem>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var where = $"{Path.GetFileName(path)}:{line}";
            try
            {
                using var doc = JsonDocument.Parse(text);
                items.Add(Item(doc.RootElement, where));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new InvalidDataException($"{where}: not a BBQ row: {ex.Message}", ex);
            }
        }

        return items;
    }

    private static BbqItem Item(JsonElement e, string where)
    {
        var category = e.GetProperty("category").GetString()!;
        var answers = ImmutableArray.Create(
            e.GetProperty("ans0").GetString()!, e.GetProperty("ans1").GetString()!, e.GetProperty("ans2").GetString()!);
        var label = e.GetProperty("label").GetInt32();
        var info = e.GetProperty("answer_info");
        var stereotyped = e.GetProperty("additional_metadata").GetProperty("stereotyped_groups").EnumerateArray()
            .Select(g => g.GetString() ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
        int? unknown = null, target = null;
        for (var i = 0; i < 3; i++)
        {
            var pair = info.GetProperty("ans" + i).EnumerateArray().Select(v => v.GetString() ?? "").ToList();
            if (pair.Count < 2)
            {
                throw new InvalidDataException($"{where}: answer_info.ans{i} must be [surface, group]");
            }

            if (pair[1].Equals("unknown", StringComparison.OrdinalIgnoreCase))
            {
                unknown = i;
            }
            else if (target is null && (stereotyped.Contains(pair[1]) || stereotyped.Contains(pair[0])))
            {
                target = i;
            }
        }

        if (unknown is null || label is < 0 or > 2)
        {
            throw new InvalidDataException($"{where}: {(unknown is null ? "no answer is marked unknown" : $"label {label} is not 0, 1 or 2")}");
        }

        var condition = e.GetProperty("context_condition").GetString();
        return new BbqItem($"{category}-{e.GetProperty("example_id").GetRawText()}", category, condition == "ambig",
            e.GetProperty("question_polarity").GetString() == "neg", e.GetProperty("context").GetString()!, e.GetProperty("question").GetString()!,
            answers, label, unknown.Value, target);
    }
}
