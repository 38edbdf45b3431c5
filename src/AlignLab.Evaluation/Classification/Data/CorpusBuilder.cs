using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Builds the labelled corpus of the safety classifier from the dataset sources.
/// <list type="number">
/// <item>Each source is loaded in priority order (<see cref="DatasetSources"/>); development-only sources are skipped
/// unless <see cref="CorpusOptions.IncludeDevelopmentOnly"/>.</item>
/// <item>Rows are de-duplicated across all sources on <see cref="TextKey"/>, the first (highest-priority) row kept.</item>
/// <item>Rows are gathered into groups (<see cref="LabeledText.Group"/>, else the row alone). A group's allowed splits
/// are the intersection of its rows' routes (<see cref="ISplitRoutedSource"/>, else <see cref="LabeledText.FixedSplit"/>);
/// evaluation-only sources (diagnostic suites such as HateCheck) go to their own split, <see cref="Corpus.Suites"/>, so that
/// they neither train nor change the random test split.</item>
/// <item>Within each stratum (source × label mix × allowed splits), groups are ordered by a seeded hash of their key and
/// filled into test, validation and train by quota. A row's split therefore depends only on the seed and its own
/// source, never on list order or on other sources, and no group straddles splits.</item>
/// </list>
/// </summary>
public sealed class CorpusBuilder
{
    private const int TrainBit = 1;
    private const int ValidationBit = 2;
    private const int TestBit = 4;
    private const int ContrastBit = 8;
    private const int SuiteBit = 16;
    private const int PoolBits = TrainBit | ValidationBit | TestBit;

    private static readonly string[] SplitNames = ["train", "validation", "test", "contrast", "suites"];

    private CorpusBuilder()
    {
    }

    /// <summary>Builds the corpus from <see cref="DatasetSources.Create"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="CorpusOptions.Validate"/>).</exception>
    public static Corpus Build(CorpusOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Build(options, DatasetSources.Create(options), progress);
    }

    /// <summary>Builds the corpus from the given sources (listed in de-duplication priority order).</summary>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="CorpusOptions.Validate"/>).</exception>
    public static Corpus Build(CorpusOptions options, IReadOnlyList<IDatasetSource> sources, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid corpus options: " + string.Join("; ", errors), nameof(options));
        }

        var total = Stopwatch.StartNew();
        var dirs = new DataDirectories(options.SharedDataDirectory, options.ProjectDataDirectory);
        var warnings = new List<string>();

        // 1. Load and de-duplicate.
        var entries = new List<Entry>();
        var seenText = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var loads = new SourceLoad[sources.Count];
        for (var s = 0; s < sources.Count; s++)
        {
            var source = sources[s];
            var load = loads[s] = new SourceLoad(source);
            if (source.Use == DataUse.DevelopmentOnly && !options.IncludeDevelopmentOnly)
            {
                load.Skipped = true;
                progress?.Report($"{source.Name}: skipped (development-only, {source.Licence})");
                continue;
            }

            var watch = Stopwatch.StartNew();
            foreach (var row in source.Load(dirs))
            {
                load.Loaded++;
                var qualified = source.Name + "/" + row.Id;
                if (row.Source != source.Name || !seenIds.Add(qualified))
                {
                    throw new InvalidOperationException($"source '{source.Name}' produced a row with source '{row.Source}' and id '{row.Id}' that is not unique");
                }

                var key = TextKey.Of(row.Text);
                if (key.Length == 0)
                {
                    load.DroppedEmpty++;
                    continue;
                }

                if (seenText.TryGetValue(key, out var first))
                {
                    load.DroppedDuplicate++;
                    var owner = sources[entries[first].Source].Name;
                    load.DuplicateOf[owner] = load.DuplicateOf.GetValueOrDefault(owner) + 1;
                    continue;
                }

                seenText.Add(key, entries.Count);
                entries.Add(new Entry(s, row, qualified, AllowedSplits(source, row)));
            }

            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{source.Name}: {load.Loaded} rows loaded in {watch.ElapsedMilliseconds} ms ({load.DroppedDuplicate} duplicates dropped)"));
        }

        // 2. Groups and their allowed splits.
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var groupOrder = new List<Group>();
        foreach (var e in entries)
        {
            var key = sources[e.Source].Name + "\u001f" + (e.Row.Group ?? "#" + e.Row.Id);
            if (!groups.TryGetValue(key, out var g))
            {
                g = new Group(key, e.Source);
                groups.Add(key, g);
                groupOrder.Add(g);
            }

            g.Entries.Add(e);
            g.Union |= e.Allowed;
            g.Mask &= e.Allowed;
            g.HasUnsafe |= e.Row.Unsafe;
            g.HasBenign |= !e.Row.Unsafe;
        }

        foreach (var g in groupOrder.Where(g => g.Mask == 0))
        {
            g.Mask = (g.Union & SuiteBit) != 0 ? SuiteBit : (g.Union & ContrastBit) != 0 ? ContrastBit : (g.Union & TestBit) != 0 ? TestBit : (g.Union & ValidationBit) != 0 ? ValidationBit : TrainBit;
            warnings.Add($"group '{g.Key.Replace('\u001f', '/')}' has rows with conflicting routes; all sent to {SplitNames[BitIndex(g.Mask)]}");
        }

        // 3. Stratified, seeded, group-aware assignment.
        var strata = groupOrder.GroupBy(g => (g.Source, Label: g.HasUnsafe ? (g.HasBenign ? "mixed" : "unsafe") : "benign", g.Mask));
        foreach (var stratum in strata)
        {
            var mask = stratum.Key.Mask;
            var ordered = stratum.OrderBy(g => SeededHash.Of(options.Seed, "split", g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var n = ordered.Sum(g => g.Entries.Count);
            var testQuota = (mask & TestBit) != 0 && (mask & (TrainBit | ValidationBit)) != 0 ? Round(n * options.TestFraction) : 0;
            var validationShare = (mask & TestBit) != 0 ? options.ValidationFraction : options.ValidationFraction / (1 - options.TestFraction);
            var validationQuota = (mask & ValidationBit) != 0 && (mask & TrainBit) != 0 ? Round(n * validationShare) : 0;
            int tests = 0, validations = 0;
            foreach (var g in ordered)
            {
                int split;
                if ((mask & SuiteBit) != 0)
                {
                    split = 4;
                }
                else if ((mask & ContrastBit) != 0)
                {
                    split = 3;
                }
                else if ((mask & TestBit) != 0 && (tests < testQuota || (mask & (TrainBit | ValidationBit)) == 0))
                {
                    split = 2;
                    tests += g.Entries.Count;
                }
                else if ((mask & ValidationBit) != 0 && (validations < validationQuota || (mask & TrainBit) == 0))
                {
                    split = 1;
                    validations += g.Entries.Count;
                }
                else
                {
                    split = (mask & TrainBit) != 0 ? 0 : (mask & ValidationBit) != 0 ? 1 : 2;
                }

                foreach (var e in g.Entries)
                {
                    e.Split = split;
                }
            }
        }

        // 4. Splits, statistics, hashes.
        var lists = new List<LabeledText>[] { [], [], [], [], [] };
        foreach (var e in entries)
        {
            lists[e.Split].Add(e.Row);
            loads[e.Source].Kept++;
            loads[e.Source].BySplit[e.Split]++;
        }

        var splitStats = new CorpusSplitStats[SplitNames.Length];
        for (var i = 0; i < splitStats.Length; i++)
        {
            splitStats[i] = Stats(SplitNames[i], entries.Where(e => e.Split == i).ToList(), sources);
        }

        // An empty suites split is left out of the hash, so a corpus without evaluation-only sources keeps the hash it had
        // before that split existed (models/manifest.json records it, and the bundled suites are checked against it).
        var contentHash = Sha256(string.Concat(splitStats.Where((s, i) => i < 4 || s.Rows > 0).Select(s => s.Name + ":" + s.ContentHash + "\n")));
        var sourceStats = loads.Select(l => new CorpusSourceStats(
            l.Source.Name, l.Source.Licence, l.Source.Use, l.Skipped, l.Loaded, l.Kept, l.DroppedDuplicate, l.DroppedEmpty,
            new SortedDictionary<string, int>(l.DuplicateOf, StringComparer.Ordinal), l.BySplit[0], l.BySplit[1], l.BySplit[2], l.BySplit[3]) { Suites = l.BySplit[4] }).ToList();
        var trainSources = sourceStats.Where(s => s.Train > 0).Select(s => s.Name).ToList();
        var bundledOnly = sourceStats.Where(s => s.Train > 0).All(s => s.Use == DataUse.Bundled);
        foreach (var c in HarmCategory.All.Where(c => splitStats[0].CategoryPositives[c.Id] == 0))
        {
            warnings.Add($"category '{c.Id}' has no positive in train");
        }

        var manifest = new CorpusManifest(options.Seed, options, sourceStats, splitStats, trainSources, bundledOnly, contentHash, warnings);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"corpus: train {lists[0].Count}, validation {lists[1].Count}, test {lists[2].Count}, contrast {lists[3].Count}, suites {lists[4].Count} in {total.ElapsedMilliseconds} ms; hash {contentHash[..12]}"));
        return new Corpus(lists[0], lists[1], lists[2], lists[3], manifest) { Suites = lists[4] };
    }

    private static int AllowedSplits(IDatasetSource source, LabeledText row)
    {
        if (source.Use == DataUse.EvaluationOnly)
        {
            return SuiteBit;
        }

        var route = source is ISplitRoutedSource routed
            ? routed.Route(row)
            : row.FixedSplit switch
            {
                DataSplit.Train => CorpusRoute.Train,
                DataSplit.Validation => CorpusRoute.Validation,
                DataSplit.Test => CorpusRoute.Test,
                _ => CorpusRoute.Any,
            };
        return route switch
        {
            CorpusRoute.TrainOrValidation => TrainBit | ValidationBit,
            CorpusRoute.Train => TrainBit,
            CorpusRoute.Validation => ValidationBit,
            CorpusRoute.Test => TestBit,
            CorpusRoute.Contrast => ContrastBit,
            _ => PoolBits,
        };
    }

    private static int BitIndex(int singleBit) => singleBit switch { TrainBit => 0, ValidationBit => 1, TestBit => 2, ContrastBit => 3, _ => 4 };

    private static int Round(double x) => (int)Math.Round(x, MidpointRounding.AwayFromZero);

    private static CorpusSplitStats Stats(string name, List<Entry> entries, IReadOnlyList<IDatasetSource> sources)
    {
        var positives = HarmCategory.All.ToDictionary(c => c.Id, _ => 0, StringComparer.Ordinal);
        var bySource = new Dictionary<string, int>(StringComparer.Ordinal);
        int unsafeRows = 0, uncategorised = 0;
        var lines = new List<string>(entries.Count);
        foreach (var e in entries)
        {
            var row = e.Row;
            var sourceName = sources[e.Source].Name;
            bySource[sourceName] = bySource.GetValueOrDefault(sourceName) + 1;
            if (row.Unsafe)
            {
                unsafeRows++;
                if (!row.CategoriesKnown)
                {
                    uncategorised++;
                }

                foreach (var c in row.Categories)
                {
                    positives[c.Id]++;
                }
            }

            var label = !row.Unsafe ? "0" : row.CategoriesKnown ? "1:" + string.Join(",", row.Categories.Select(c => c.Id)) : "1:?";
            lines.Add(e.Qualified + "\t" + label);
        }

        lines.Sort(StringComparer.Ordinal);
        var hash = Sha256(string.Join("\n", lines));
        return new CorpusSplitStats(name, entries.Count, unsafeRows, uncategorised, positives, bySource, hash);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed class Entry(int source, LabeledText row, string qualified, int allowed)
    {
        public int Source { get; } = source;

        public LabeledText Row { get; } = row;

        public string Qualified { get; } = qualified;

        public int Allowed { get; } = allowed;

        public int Split { get; set; }
    }

    private sealed class Group(string key, int source)
    {
        public string Key { get; } = key;

        public int Source { get; } = source;

        public List<Entry> Entries { get; } = [];

        public int Mask { get; set; } = SuiteBit | ContrastBit | PoolBits;

        public int Union { get; set; }

        public bool HasUnsafe { get; set; }

        public bool HasBenign { get; set; }
    }

    private sealed class SourceLoad(IDatasetSource source)
    {
        public IDatasetSource Source { get; } = source;

        public bool Skipped { get; set; }

        public int Loaded { get; set; }

        public int Kept { get; set; }

        public int DroppedDuplicate { get; set; }

        public int DroppedEmpty { get; set; }

        public Dictionary<string, int> DuplicateOf { get; } = new(StringComparer.Ordinal);

        public int[] BySplit { get; } = new int[5];
    }
}
