namespace AlignLab.Classification.Data;

/// <summary>How a dataset may be used, given its licence and its role.</summary>
public enum DataUse
{
    /// <summary>Permissively licensed: may train the classifier that ships with AlignLab.</summary>
    Bundled,

    /// <summary>A benchmark kept for evaluation: its rows only ever go to the test split.</summary>
    EvaluationOnly,

    /// <summary>Non-commercial (e.g. CC BY-NC): development comparisons only, never in the shipped model.</summary>
    DevelopmentOnly,
}
