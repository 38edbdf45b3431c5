namespace AlignLab.Rules;

/// <summary>Where an unsafe score lies against the classifier's uncertain band (<c>classifier.uncertain_band</c>).</summary>
public enum BandPosition
{
    /// <summary>Under the band's low end: the classifier is confident the text is safe.</summary>
    Below,

    /// <summary>From the low end up to (not including) the unsafe threshold: the classifier is unsure.</summary>
    Within,

    /// <summary>At or over the unsafe threshold, where the classifier acts on its own.</summary>
    Above,
}
