using System.Text;
using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.IO;

namespace AlignLab.Classification.Data;

/// <summary>
/// Describes a built corpus: the options, what each source contributed, what each split holds, which sources fed
/// training, and a content hash. Two builds with the same options and data have the same <see cref="ContentHash"/>.
/// </summary>
/// <param name="Seed">The seed used.</param>
/// <param name="Options">The options used.</param>
/// <param name="Sources">Per source, in priority order.</param>
/// <param name="Splits">Train, validation, test, contrast and the evaluation-only suites.</param>
/// <param name="TrainSources">The sources with at least one row in train.</param>
/// <param name="TrainIsBundledOnly">True when every source in train may train the shipped model.</param>
/// <param name="ContentHash">SHA-256 (hex) over the per-split hashes: changes when any row, label or split assignment changes.</param>
/// <param name="Warnings">Things worth a look (empty categories in train, conflicting routes in a group).</param>
public sealed record CorpusManifest(
    int Seed,
    CorpusOptions Options,
    IReadOnlyList<CorpusSourceStats> Sources,
    IReadOnlyList<CorpusSplitStats> Splits,
    IReadOnlyList<string> TrainSources,
    bool TrainIsBundledOnly,
    string ContentHash,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The statistics of a split by name ("train", "validation", "test", "contrast", "suites").</summary>
    public CorpusSplitStats Split(string name) => Splits.First(s => s.Name == name);

    /// <summary>The manifest as indented JSON (directories are left out, so the JSON does not depend on the machine).</summary>
    public string ToJson()
    {
        return JsonText.Write(new JsonWriterOptions { Indented = true }, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("seed", Seed);
            w.WriteString("contentHash", ContentHash);
            w.WriteBoolean("trainIsBundledOnly", TrainIsBundledOnly);
            w.WriteStartArray("trainSources");
            foreach (var s in TrainSources)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();

            w.WriteStartObject("options");
            w.WriteNumber("validationFraction", Options.ValidationFraction);
            w.WriteNumber("testFraction", Options.TestFraction);
            w.WriteBoolean("includeDevelopmentOnly", Options.IncludeDevelopmentOnly);
            w.WriteNumber("contrastHeldOutFraction", Options.ContrastHeldOutFraction);
            foreach (var (name, value) in Options.Caps())
            {
                w.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(name), value);
            }

            w.WriteEndObject();

            w.WriteStartArray("sources");
            foreach (var s in Sources)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("licence", s.Licence);
                w.WriteString("use", s.Use.ToString());
                w.WriteBoolean("skipped", s.Skipped);
                w.WriteNumber("rowsLoaded", s.RowsLoaded);
                w.WriteNumber("rowsKept", s.RowsKept);
                w.WriteNumber("droppedDuplicate", s.DroppedDuplicate);
                w.WriteNumber("droppedEmpty", s.DroppedEmpty);
                w.WriteStartObject("duplicateOf");
                foreach (var (k, v) in s.DuplicateOf.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WriteNumber(k, v);
                }

                w.WriteEndObject();
                w.WriteNumber("train", s.Train);
                w.WriteNumber("validation", s.Validation);
                w.WriteNumber("test", s.Test);
                w.WriteNumber("contrast", s.Contrast);
                w.WriteNumber("suites", s.Suites);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("splits");
            foreach (var s in Splits)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteNumber("rows", s.Rows);
                w.WriteNumber("unsafe", s.Unsafe);
                w.WriteNumber("uncategorised", s.Uncategorised);
                w.WriteString("contentHash", s.ContentHash);
                w.WriteStartObject("categoryPositives");
                foreach (var c in HarmCategory.All)
                {
                    w.WriteNumber(c.Id, s.CategoryPositives.TryGetValue(c.Id, out var n) ? n : 0);
                }

                w.WriteEndObject();
                w.WriteStartObject("rowsBySource");
                foreach (var src in Sources)
                {
                    if (s.RowsBySource.TryGetValue(src.Name, out var n))
                    {
                        w.WriteNumber(src.Name, n);
                    }
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("warnings");
            foreach (var s in Warnings)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
