namespace AlignLab.Classification.Data;

/// <summary>Options of <see cref="CorpusBuilder"/>. The defaults follow <c>data/SURVEY.md</c> §6.</summary>
public sealed class CorpusOptions
{
    /// <summary>The shared datasets (<c>../shared/data</c>).</summary>
    public string SharedDataDirectory { get; init; } = "";

    /// <summary>The repository's <c>data/</c> folder (contrast set, optional supplement).</summary>
    public string ProjectDataDirectory { get; init; } = "";

    /// <summary>Seed of every split and sample; the same seed and data always give the same corpus.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Share of each stratum that goes to validation.</summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>Share of each stratum (of sources without their own test split) that goes to test.</summary>
    public double TestFraction { get; init; } = 0.15;

    /// <summary>Load non-commercial (development-only) sources such as alpaca-harmless. Never for the shipped model.</summary>
    public bool IncludeDevelopmentOnly { get; init; }

    /// <summary>Hate-speech-offensive class 0 (hate) tweets kept, higher annotator agreement first.</summary>
    public int HateTweetsCap { get; init; } = 800;

    /// <summary>Hate-speech-offensive class 2 (neither) tweets kept as benign, higher agreement first.</summary>
    public int NeitherTweetsCap { get; init; } = 1500;

    /// <summary>T0 benign prompts kept, stratified by source dataset.</summary>
    public int T0Cap { get; init; } = 2000;

    /// <summary>GSM8K train questions kept (too many teaches "numbers mean safe").</summary>
    public int Gsm8kCap { get; init; } = 500;

    /// <summary>Arena-Hard prompts kept (0 when AlignLab reports Arena-Hard as a benchmark).</summary>
    public int ArenaHardCap { get; init; } = 500;

    /// <summary>Synthetic BIPIA injections (train attacks planted in train emails) for the train/validation pool.</summary>
    public int BipiaSyntheticTrain { get; init; } = 600;

    /// <summary>Synthetic BIPIA injections (test attacks planted in test emails) for the test split.</summary>
    public int BipiaSyntheticTest { get; init; } = 300;

    /// <summary>Alpaca-harmless instructions kept when <see cref="IncludeDevelopmentOnly"/> is set.</summary>
    public int AlpacaCap { get; init; } = 3000;

    /// <summary>Toxic Spans comments kept from the trial and train files (train/validation).</summary>
    public int ToxicSpansTrainCap { get; init; } = 1500;

    /// <summary>Toxic Spans comments kept from the upstream test file (test split).</summary>
    public int ToxicSpansTestCap { get; init; } = 300;

    /// <summary>XSafety prompts kept per loaded scenario, each with all its translations.</summary>
    public int XSafetyGroupsPerScenario { get; init; } = 40;

    /// <summary>Share of contrast-set pairs held out in <see cref="Corpus.Contrast"/> (by a fixed hash of the pair, independent of the seed).</summary>
    public double ContrastHeldOutFraction { get; init; } = 0.5;

    /// <summary>The problems with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(SharedDataDirectory))
        {
            errors.Add("SharedDataDirectory is not set");
        }
        else if (!Directory.Exists(SharedDataDirectory))
        {
            errors.Add($"SharedDataDirectory '{SharedDataDirectory}' does not exist");
        }

        if (string.IsNullOrWhiteSpace(ProjectDataDirectory))
        {
            errors.Add("ProjectDataDirectory is not set");
        }
        else if (!Directory.Exists(ProjectDataDirectory))
        {
            errors.Add($"ProjectDataDirectory '{ProjectDataDirectory}' does not exist");
        }

        CheckFraction(errors, nameof(ValidationFraction), ValidationFraction);
        CheckFraction(errors, nameof(TestFraction), TestFraction);
        CheckFraction(errors, nameof(ContrastHeldOutFraction), ContrastHeldOutFraction, allowOne: true);
        if (ValidationFraction + TestFraction >= 1)
        {
            errors.Add($"ValidationFraction + TestFraction must be below 1 (is {ValidationFraction + TestFraction})");
        }

        foreach (var (name, value) in Caps())
        {
            if (value < 0)
            {
                errors.Add($"{name} must not be negative (is {value})");
            }
        }

        return errors;
    }

    /// <summary>Every cap by name, for the manifest.</summary>
    internal IEnumerable<(string Name, int Value)> Caps() =>
    [
        (nameof(HateTweetsCap), HateTweetsCap), (nameof(NeitherTweetsCap), NeitherTweetsCap), (nameof(T0Cap), T0Cap),
        (nameof(Gsm8kCap), Gsm8kCap), (nameof(ArenaHardCap), ArenaHardCap), (nameof(BipiaSyntheticTrain), BipiaSyntheticTrain),
        (nameof(BipiaSyntheticTest), BipiaSyntheticTest), (nameof(AlpacaCap), AlpacaCap),
        (nameof(ToxicSpansTrainCap), ToxicSpansTrainCap), (nameof(ToxicSpansTestCap), ToxicSpansTestCap),
        (nameof(XSafetyGroupsPerScenario), XSafetyGroupsPerScenario),
    ];

    private static void CheckFraction(List<string> errors, string name, double value, bool allowOne = false)
    {
        if (double.IsNaN(value) || value < 0 || value > 1 || (value == 1 && !allowOne))
        {
            errors.Add($"{name} must be in [0, {(allowOne ? "1]" : "1)")} (is {value})");
        }
    }
}
