using System.Text.Json;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Reads the project's paired JSON Lines sets (contrast set, supplement): <c>id</c>, <c>text</c>, <c>label</c>
/// (<c>benign</c> | <c>harmful</c>), <c>category</c> (taxonomy id or <c>benign</c>; a <c>categories</c> array is also
/// accepted), <c>pair</c>. <see cref="LabeledText.Group"/> is the pair, so both halves always share a split.
/// </summary>
internal static class PairedSetReader
{
    public static IEnumerable<LabeledText> Read(string path, string source)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, e) in DataFiles.JsonLines(path))
        {
            var where = $"{path}: line {i + 1}";
            var id = e.Str("id");
            var text = e.Str("text");
            if (id.Length == 0 || text.Length == 0)
            {
                throw new InvalidDataException($"{where}: 'id' and 'text' are required");
            }

            if (!ids.Add(id))
            {
                throw new InvalidDataException($"{where}: duplicate id '{id}'");
            }

            var pair = e.Str("pair");
            var group = pair.Length == 0 ? "pair:" + id : "pair:" + (string.CompareOrdinal(id, pair) <= 0 ? id + "|" + pair : pair + "|" + id);
            var label = e.Str("label").Trim().ToLowerInvariant();
            LabeledText row;
            switch (label)
            {
                case "benign":
                    row = LabeledText.Benign(text, source, id);
                    break;
                case "harmful":
                    var categories = Categories(e, where);
                    row = categories.Count == 0 ? LabeledText.HarmfulUncategorised(text, source, id) : new LabeledText(text, true, categories, true, source, id);
                    break;
                default:
                    throw new InvalidDataException($"{where}: label must be 'benign' or 'harmful', not '{label}'");
            }

            yield return row with { Group = group };
        }
    }

    private static List<HarmCategory> Categories(JsonElement e, string where)
    {
        var names = new List<string>();
        if (e.TryGetProperty("categories", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            names.AddRange(many.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString() ?? ""));
        }
        else
        {
            names.Add(e.Str("category"));
        }

        var found = new List<HarmCategory>();
        foreach (var name in names.Where(n => n.Length > 0 && n != "unknown"))
        {
            if (!HarmCategory.TryFind(name, out var c))
            {
                throw new InvalidDataException($"{where}: unknown category '{name}' (expected one of {string.Join(", ", HarmCategory.Ids)})");
            }

            if (!found.Contains(c))
            {
                found.Add(c);
            }
        }

        return [.. HarmCategory.All.Where(found.Contains)];
    }
}
