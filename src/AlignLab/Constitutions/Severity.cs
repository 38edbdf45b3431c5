namespace AlignLab.Constitutions;

/// <summary>How bad a rule's subject matter is; breaks ties between rules with the same action.</summary>
public enum Severity
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}
