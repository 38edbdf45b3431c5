namespace AlignLab.Diagnostics;

/// <summary>Stable diagnostic codes. Documented in docs/CONSTITUTION.md; never reuse a retired number.</summary>
public static class DiagnosticCodes
{
    public const string YamlSyntax = "AL1000";
    public const string UnknownKey = "AL1001";
    public const string WrongType = "AL1002";
    public const string MissingRequired = "AL1003";
    public const string UnknownAction = "AL1004";
    public const string InvalidPattern = "AL1005";
    public const string CatastrophicPattern = "AL1006";
    public const string ThresholdOutOfRange = "AL1007";
    public const string DuplicateId = "AL1008";
    public const string MissingMessage = "AL1009";
    public const string IncludeCycle = "AL1010";
    public const string IncludeNotFound = "AL1011";
    public const string UnknownCategory = "AL1012";
    public const string UnknownStage = "AL1013";
    public const string UnknownReference = "AL1014";
    public const string InvalidValue = "AL1015";
    public const string FileNotFound = "AL1016";
    public const string InputTooLarge = "AL1017";
    public const string InvalidEncoding = "AL1018";
    public const string IncludeNotAllowed = "AL1019";
    public const string ModelNotAllowed = "AL1020";
}
