namespace AlignLab.Cai.Preferences;

/// <summary>Counts so far, reported after every item.</summary>
/// <param name="Done">Items finished (labelled, tied or failed).</param>
/// <param name="Labelled">Items labelled.</param>
/// <param name="Ties">Ties.</param>
/// <param name="Errors">Errors.</param>
/// <param name="Malformed">Malformed input lines.</param>
public readonly record struct PreferenceLabelProgress(int Done, int Labelled, int Ties, int Errors, int Malformed);
