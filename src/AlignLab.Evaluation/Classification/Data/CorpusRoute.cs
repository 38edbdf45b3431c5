namespace AlignLab.Classification.Data;

/// <summary>Where the corpus builder may put a row.</summary>
public enum CorpusRoute
{
    /// <summary>Train, validation or test, decided by the seeded group hash.</summary>
    Any,

    /// <summary>Train or validation only (the source ships its own held-out test rows).</summary>
    TrainOrValidation,

    /// <summary>Always the training split.</summary>
    Train,

    /// <summary>Always the validation split.</summary>
    Validation,

    /// <summary>Always the test split.</summary>
    Test,

    /// <summary>The held-out contrast set (<see cref="Corpus.Contrast"/>).</summary>
    Contrast,
}
