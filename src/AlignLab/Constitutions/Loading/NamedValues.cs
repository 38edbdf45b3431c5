using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>The name sets a constitution uses, each with its wording for an unknown name.</summary>
internal static class NamedValues
{
    internal static readonly string[] MatchModeNames = ["word", "prefix", "substring"];
    internal static readonly string[] SeverityNames = ["low", "medium", "high", "critical"];
    internal static readonly string[] FailureModeNames = ["closed", "open"];
    internal static readonly string[] ValidatorFailureNames = ["abstain", "unsafe", "fail"];

    public static NamedValueReader<AlignmentAction> Actions { get; } =
        new("action", DiagnosticCodes.UnknownAction, AlignmentActions.Names, AlignmentActions.TryParse);

    public static NamedValueReader<HarmCategory> Categories { get; } =
        new("category", DiagnosticCodes.UnknownCategory, HarmCategory.Ids, HarmCategory.TryFind);

    /// <summary>A category a validator can veto, or '*' for all of them (kept as "*").</summary>
    public static NamedValueReader<string> VetoCategories { get; } =
        new("category", DiagnosticCodes.UnknownCategory, [.. HarmCategory.Ids, "*"], ParseVeto) { Suffix = " in veto_power" };

    public static NamedValueReader<PolicyStage> Stages { get; } =
        new("stage", DiagnosticCodes.UnknownStage, PolicyStages.Names, PolicyStages.TryParse);

    public static NamedValueReader<Severity> Severities { get; } =
        new("severity", DiagnosticCodes.InvalidValue, SeverityNames, ParseEnum<Severity>(SeverityNames));

    public static NamedValueReader<MatchMode> MatchModes { get; } =
        new("match mode", DiagnosticCodes.InvalidValue, MatchModeNames, ParseEnum<MatchMode>(MatchModeNames));

    public static NamedValueReader<FailureMode> FailureModes { get; } =
        new("failure mode", DiagnosticCodes.InvalidValue, FailureModeNames, ParseFailureMode);

    public static NamedValueReader<string> JudgeTemplates { get; } =
        new("judge template", DiagnosticCodes.InvalidValue, [.. JudgeSpec.Templates], Exact(JudgeSpec.Templates));

    public static NamedValueReader<JudgeWhen> JudgeWhens { get; } =
        new("judge 'when' value", DiagnosticCodes.InvalidValue, [.. JudgeSpec.WhenNames], ParseWhen);

    public static NamedValueReader<string> ValidatorFailures { get; } =
        new("on_validator_failure", DiagnosticCodes.InvalidValue, ValidatorFailureNames, Exact(ValidatorFailureNames));

    public static NamedValueReader<string> PiiKinds { get; } =
        new("PII kind", DiagnosticCodes.InvalidValue, [.. PiiSettings.KnownKinds], Exact(PiiSettings.KnownKinds));

    /// <summary>An enum member by name, in any case, but only under the names listed (not a number, not an alias).</summary>
    private static NamedValueReader<TEnum>.Parser ParseEnum<TEnum>(string[] names)
        where TEnum : struct, Enum =>
        (string name, out TEnum value) =>
            Enum.TryParse(name, ignoreCase: true, out value) && names.Contains(name.ToLowerInvariant());

    private static NamedValueReader<string>.Parser Exact(IReadOnlyList<string> names) =>
        (string name, out string value) =>
        {
            value = name;
            return names.Contains(name);
        };

    private static bool ParseFailureMode(string name, out FailureMode mode)
    {
        mode = name.Equals("open", StringComparison.OrdinalIgnoreCase) ? FailureMode.Open : FailureMode.Closed;
        return FailureModeNames.Contains(name.ToLowerInvariant());
    }

    private static bool ParseWhen(string name, out JudgeWhen when)
    {
        var index = JudgeSpec.WhenNames.ToList().IndexOf(name);
        when = index < 0 ? default : (JudgeWhen)index;
        return index >= 0;
    }

    private static bool ParseVeto(string name, out string id)
    {
        if (name == "*")
        {
            id = name;
            return true;
        }

        var found = HarmCategory.TryFind(name, out var category);
        id = found ? category.Id : name;
        return found;
    }
}
