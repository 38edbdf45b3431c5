namespace AlignLab.Constitutions;

/// <summary>Names, parsing and properties of <see cref="AlignmentAction"/>.</summary>
public static class AlignmentActions
{
    private static readonly Dictionary<string, AlignmentAction> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["allow"] = AlignmentAction.Allow,
        ["log_only"] = AlignmentAction.LogOnly,
        ["add_disclaimer"] = AlignmentAction.AddDisclaimer,
        ["add_warning"] = AlignmentAction.AddWarning,
        ["redact"] = AlignmentAction.Redact,
        ["redirect_positive"] = AlignmentAction.RedirectPositive,
        ["refuse_politely"] = AlignmentAction.RefusePolitely,
        ["escalate"] = AlignmentAction.Escalate,
        ["block"] = AlignmentAction.Block,
    };

    /// <summary>The YAML names of every action, least to most protective.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.OrderBy(kv => kv.Value).Select(kv => kv.Key)];

    /// <summary>Parses a YAML action name (snake_case, case-insensitive; "refuse" and "escalate_to_human" are accepted aliases).</summary>
    public static bool TryParse(string? name, out AlignmentAction action)
    {
        action = AlignmentAction.Allow;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var key = name.Trim();
        if (ByName.TryGetValue(key, out action))
        {
            return true;
        }

        switch (key.ToLowerInvariant())
        {
            case "refuse":
                action = AlignmentAction.RefusePolitely;
                return true;
            case "escalate_to_human":
                action = AlignmentAction.Escalate;
                return true;
            case "redirect":
                action = AlignmentAction.RedirectPositive;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The YAML name of an action.</summary>
    public static string ToName(this AlignmentAction action) => action switch
    {
        AlignmentAction.Allow => "allow",
        AlignmentAction.LogOnly => "log_only",
        AlignmentAction.AddDisclaimer => "add_disclaimer",
        AlignmentAction.AddWarning => "add_warning",
        AlignmentAction.Redact => "redact",
        AlignmentAction.RedirectPositive => "redirect_positive",
        AlignmentAction.RefusePolitely => "refuse_politely",
        AlignmentAction.Escalate => "escalate",
        AlignmentAction.Block => "block",
        _ => action.ToString(),
    };

    /// <summary>True when the action replaces the answer (the model's output is not shown as asked).</summary>
    public static bool IsTerminal(this AlignmentAction action) => action >= AlignmentAction.RedirectPositive;

    /// <summary>True when the rule must carry a message for the user (refusals).</summary>
    public static bool RequiresMessage(this AlignmentAction action) => action == AlignmentAction.RefusePolitely;
}
