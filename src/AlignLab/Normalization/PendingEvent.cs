namespace AlignLab.Normalization;

/// <summary>A mutable event under construction, located in the coordinates of the text being normalised.</summary>
internal struct PendingEvent
{
    public TransformKind Kind;
    public int Start;
    public int End;
    public string Detail;
    public int Extra;
    public int Sequence;
}
