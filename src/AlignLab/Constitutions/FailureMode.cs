namespace AlignLab.Constitutions;

/// <summary>What a stage does when one of its detectors fails or times out.</summary>
public enum FailureMode
{
    /// <summary>Treat the failure as a block (safe default).</summary>
    Closed,

    /// <summary>Let the exchange through and record the failure.</summary>
    Open,
}
