namespace AlignLab.Constitutions;

/// <summary>A judge's <c>when:</c>: which texts it is called for.</summary>
public enum JudgeWhen
{
    /// <summary><c>always</c>: every text that rules and the classifier did not already stop.</summary>
    Always,

    /// <summary>
    /// <c>uncertain</c>: only text whose unsafe score is in the classifier's uncertain band (<c>classifier.uncertain_band</c>),
    /// as an escalation judge; the constitution must set the band.
    /// </summary>
    Uncertain,
}
