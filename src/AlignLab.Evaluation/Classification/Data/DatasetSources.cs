namespace AlignLab.Classification.Data;

/// <summary>
/// Every dataset source, in de-duplication priority order: when the same normalised text occurs in several sources,
/// the earliest source keeps it. Project data comes first, then the evaluation benchmark (so it stays complete), then
/// sources with explicit labels, keyword-labelled ones, and benign ones.
/// Not loaded at all: capability benchmarks (GSM8K test, TruthfulQA, HumanEval, MT-Bench, Vicuna), hh-rlhf
/// (no prompt-level labels), PandaLM (repeats self-instruct), AdvBench harmful strings (outputs), BLNS, TOXIGEN prompt files.
/// </summary>
public static class DatasetSources
{
    /// <summary>The sources with default options.</summary>
    public static IReadOnlyList<IDatasetSource> All { get; } = Create(new CorpusOptions());

    /// <summary>
    /// Sources that the out-of-distribution report scores but leaves out of its macro figures, with the reason: word lists
    /// are not texts, and DiaSafety's label judges a reply in a context the classifier does not see.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OutsideMacro { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["surge-profanity"] = "a word list, not texts",
        ["ldnoobw"] = "a word list, not texts",
        ["diasafety"] = "the label judges the reply in a context the classifier does not see",
    };

    /// <summary>The sources configured by <paramref name="options"/> (caps, seed, held-out fractions).</summary>
    public static IReadOnlyList<IDatasetSource> Create(CorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = options.Seed;
        return
        [
            new ContrastSetSource(options.ContrastHeldOutFraction),
            new SupplementSource(),
            new HandwrittenSource(),
            new HateCheckSource(),
            new MultilingualHateCheckSource(),
            new HatemojiCheckSource(),
            new MultiJailSource(),
            new DiaSafetySource(),
            new AdvBenchSource(),
            new DoNotAnswerSource(),
            new CatQaSource(),
            new DeepsetInjectionSource(),
            new BipiaSource(options.BipiaSyntheticTrain, options.BipiaSyntheticTest, seed),
            new JailbreakLlmsSource(),
            new ToxigenSource(),
            new HateSpeechOffensiveSource(options.HateTweetsCap, options.NeitherTweetsCap, seed),
            new XSafetySource(options.XSafetyGroupsPerScenario, seed),
            new HatemojiBuildSource(),
            new SurgeToxicitySource(),
            new ToxicSpansSource(options.ToxicSpansTrainCap, options.ToxicSpansTestCap, seed),
            new SurgeProfanitySource(),
            new LdnoobwSource(),
            new HarmfulQaSource(),
            new CoCoNotSource(),
            new SelfInstructSource(),
            new AsqaQuestionsSource(),
            new ArenaHardSource(options.ArenaHardCap, seed),
            new T0BenignSource(options.T0Cap, seed),
            new Gsm8kTrainSource(options.Gsm8kCap, seed),
            new AlpacaHarmlessSource(options.AlpacaCap, seed),
        ];
    }
}
