namespace AlignLab.Constitutions;

/// <summary>How a trigger pattern must line up with the words of the text.</summary>
public enum MatchMode
{
    /// <summary>The match must start and end on word boundaries ("hack" does not match "hackathon"). The default.</summary>
    Word,

    /// <summary>The match must start on a word boundary and may end inside a word ("hack" matches "hacking").</summary>
    Prefix,

    /// <summary>The match may appear anywhere, even inside a word.</summary>
    Substring,
}
