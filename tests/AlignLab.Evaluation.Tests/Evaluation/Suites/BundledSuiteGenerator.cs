using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Constitutions;
using AlignLab.IO;

namespace AlignLab.Tests.Evaluation.Suites;

/// <summary>
/// Rebuilds the bundled evaluation suites (<c>data/eval/*.jsonl</c>) from <c>../shared/data</c> and the project's own
/// data, deterministically. The public rows come only from the held-out splits of the classifier's corpus, built with
/// the options recorded in <c>models/manifest.json</c>: <see cref="Corpus.Test"/> (and <see cref="Corpus.Contrast"/> for
/// the contrast suite), so no row the bundled model was trained or calibrated on is in a suite. Within each source the
/// rows are ordered by SHA-256 of <c>"alignlab-eval/" + suite + "/" + source + "/" + id</c> and taken from the top,
/// under per-category and per-source quotas. See data/eval/README.md.
/// </summary>
internal static class BundledSuiteGenerator
{
    /// <summary>Longest text kept (characters); longer in-the-wild prompts would dominate the eval's run time.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Rows per harm category in the harmful suite (14 categories).</summary>
    public const int HarmfulPerCategory = 14;

    /// <summary>The files, by name, with their exact contents.</summary>
    /// <remarks>
    /// With <paramref name="sourceNames"/> (the <c>sources</c> of models/manifest.json), only those sources are loaded: the
    /// corpus the bundled model was built from, even after sources were added that a later retrain will use (the split
    /// quotas depend on every row, so a new source moves old rows between splits).
    /// </remarks>
    public static SortedDictionary<string, string> Generate(
        string sharedData, string projectData, string? expectedContentHash, IReadOnlyCollection<string>? sourceNames = null)
    {
        var options = new CorpusOptions { SharedDataDirectory = sharedData, ProjectDataDirectory = projectData };
        var sources = DatasetSources.Create(options).Where(s => sourceNames is null || sourceNames.Contains(s.Name)).ToList();
        var corpus = CorpusBuilder.Build(options, sources);
        if (expectedContentHash is not null && corpus.Manifest.ContentHash != expectedContentHash)
        {
            throw new InvalidOperationException(
                $"the corpus built from the data has content hash {corpus.Manifest.ContentHash}, but models/manifest.json records {expectedContentHash}: " +
                "the bundled model was trained on a different split, so its test split cannot be reproduced");
        }

        var test = corpus.Test.Where(r => r.Text.Length <= MaxTextLength && r.Text.Trim().Length > 0).ToList();
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["harmful.jsonl"] = Write("harmful", "harmful", Harmful(test)),
            ["benign.jsonl"] = Write("benign", "benign", Benign(test)),
            ["contrast.jsonl"] = Write("contrast", "contrast", Contrast(corpus.Contrast)),
            ["jailbreaks.jsonl"] = Write("jailbreaks", "harmful", Jailbreaks(test)),
            ["injections.jsonl"] = Write("injections", "harmful", Injections(test)),
        };
    }

    private static List<Row> Harmful(List<LabeledText> test)
    {
        // Requests for harmful help with a known S1–S14 category: AlignLab's supplement fold first (it covers the
        // categories the public sets barely do), then the public should-refuse sets.
        string[] sources = ["supplement", "do-not-answer", "catqa", "advbench"];
        var candidates = test
            .Where(r => r.Unsafe && r.CategoriesKnown && r.Categories.Count > 0 && sources.Contains(r.Source))
            .Where(r => HarmCategory.All.Take(14).Contains(r.Categories[0]))
            .ToList();
        var rows = new List<Row>();
        foreach (var category in HarmCategory.All.Take(14))
        {
            // Round-robin over the sources in hash order, so each category mixes AlignLab and public phrasing.
            var queues = sources
                .Select(s => new Queue<LabeledText>(Ordered("harmful", candidates.Where(r => r.Source == s && r.Categories[0] == category))))
                .ToList();
            var taken = 0;
            while (taken < HarmfulPerCategory && queues.Any(q => q.Count > 0))
            {
                foreach (var q in queues.Where(q => q.Count > 0))
                {
                    if (taken == HarmfulPerCategory)
                    {
                        break;
                    }

                    rows.Add(Row.From(q.Dequeue(), category.Id));
                    taken++;
                }
            }
        }

        return rows;
    }

    private static List<Row> Benign(List<LabeledText> test)
    {
        // Ordinary requests: AlignLab's everyday requests (supplement rows without a pair) and public benign prompts.
        (string Source, int Count, Func<LabeledText, bool> Filter)[] quotas =
        [
            ("supplement", 45, r => r.Group is { } g && !g.Contains('|', StringComparison.Ordinal)),
            ("self-instruct", 50, _ => true),
            ("gsm8k", 25, _ => true),
            ("arena-hard", 30, _ => true),
            ("asqa", 25, _ => true),
            ("deepset-prompt-injections", 25, _ => true),
        ];
        var rows = new List<Row>();
        foreach (var (source, count, filter) in quotas)
        {
            rows.AddRange(Ordered("benign", test.Where(r => !r.Unsafe && r.Source == source && filter(r))).Take(count).Select(r => Row.From(r, null)));
        }

        return rows;
    }

    private static List<Row> Contrast(IReadOnlyList<LabeledText> contrast)
    {
        // The benign halves of the held-out contrast pairs; category = the harm category the prompt resembles (its topic).
        var topics = ContrastTopics(contrast);
        return [.. Ordered("contrast", contrast.Where(r => !r.Unsafe)).Take(150)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => Row.From(r, topics[r.Id]))];
    }

    private static List<Row> Jailbreaks(List<LabeledText> test) =>
        [.. Ordered("jailbreaks", test.Where(r => r.Unsafe && r.Source == "jailbreak_llms")).Take(75).Select(r => Row.From(r, HarmCategory.Jailbreak.Id))];

    private static List<Row> Injections(List<LabeledText> test)
    {
        var deepset = Ordered("injections", test.Where(r => r.Unsafe && r.Source == "deepset-prompt-injections")).Take(40);
        var bipia = Ordered("injections", test.Where(r => r.Unsafe && r.Source == "bipia" && r.Id.Contains("/inject/", StringComparison.Ordinal))).Take(35);
        return [.. deepset.Concat(bipia).Select(r => Row.From(r, HarmCategory.PromptInjection.Id))];
    }

    private static Dictionary<string, string> ContrastTopics(IReadOnlyList<LabeledText> contrast)
    {
        // A benign contrast row's topic is its harmful partner's category (both halves share the pair group).
        var byGroup = contrast.Where(r => r.Unsafe && r.Categories.Count > 0).ToDictionary(r => r.Group ?? r.Id, r => r.Categories[0].Id, StringComparer.Ordinal);
        return contrast.Where(r => !r.Unsafe).ToDictionary(r => r.Id, r => byGroup[r.Group ?? r.Id], StringComparer.Ordinal);
    }

    private static IEnumerable<LabeledText> Ordered(string suite, IEnumerable<LabeledText> rows) =>
        rows.Select(r => (Row: r, Key: Hash($"alignlab-eval/{suite}/{r.Source}/{r.Id}")))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Row);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Write(string suite, string label, List<Row> rows)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            sb.Append(JsonText.Write(JsonText.Compact, w =>
            {
                w.WriteStartObject();
                w.WriteString("id", $"{suite}-{i + 1:D4}");
                w.WriteString("text", row.Text);
                w.WriteString("label", label);
                if (row.Category is not null)
                {
                    w.WriteString("category", row.Category);
                }

                w.WriteString("source", row.Source);
                w.WriteString("origin", row.Origin);
                w.WriteEndObject();
            }));
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private sealed record Row(string Text, string? Category, string Source, string Origin)
    {
        public static Row From(LabeledText r, string? category) => new(r.Text, category, SourceName(r.Source), r.Id);

        private static string SourceName(string source) => source switch
        {
            "supplement" => "alignlab-supplement",
            "contrast-set" => "alignlab-contrast",
            _ => source,
        };
    }
}
