using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>Reads the HateCheck-style suites: <c>test_case</c>, <c>label_gold</c> (<c>hateful</c> | <c>non-hateful</c>), <c>templ_id</c>.</summary>
internal static class HateSuiteRows
{
    public static IEnumerable<LabeledText> Read(string path, string source, string idColumn, string idPrefix = "")
    {
        foreach (var row in CsvReader.ReadFile(path))
        {
            var text = row["test_case"].Trim();
            var id = idPrefix + row[idColumn];
            var group = "templ:" + idPrefix + row["templ_id"];
            switch (row["label_gold"].Trim())
            {
                case "hateful":
                    yield return LabeledText.Harmful(text, source, id, HarmCategory.Hate) with { Group = group };
                    break;
                case "non-hateful":
                    yield return LabeledText.Benign(text, source, id) with { Group = group };
                    break;
                default:
                    break;
            }
        }
    }
}
