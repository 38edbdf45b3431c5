using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>One item of specific_rules: its fields first, then what a rule needs (an id, a trigger, an action and its message).</summary>
internal static class RuleReader
{
    internal static readonly string[] Keys =
    [
        "id", "description", "trigger", "context", "context_window", "unless", "action", "message", "disclaimer", "warning",
        "category", "severity", "priority", "stages", "enabled", "match", "case_sensitive",
    ];

    public static PolicyRule? Read(SectionReadContext context, YamlNode item)
    {
        var r = context.Reader;
        var map = r.Mapping(item, "a rule");
        if (map is null)
        {
            return null;
        }

        var f = ReadFields(r, map);
        var loc = r.At(item);
        if (string.IsNullOrWhiteSpace(f.Id))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a rule needs an 'id'", loc, "add 'id: some_name'");
            return null;
        }

        var id = f.Id;
        context.Draft.RuleIds.Add((id, f.IdNode is null ? loc : r.At(f.IdNode)));
        var ok = HasWhatItNeeds(r, f, id, loc);
        var patterns = context.Patterns;
        var trigger = f.Trigger is null ? null : patterns.ReadPattern(r, f.Trigger, $"rule '{id}' trigger", f.Mode, f.CaseSensitive);
        var ruleContext = f.Context is null ? null : patterns.ReadPattern(r, f.Context, $"rule '{id}' context", MatchMode.Word, f.CaseSensitive);
        var unless = f.Unless is null ? null : patterns.ReadPattern(r, f.Unless, $"rule '{id}' unless", MatchMode.Word, f.CaseSensitive);
        if (f.Window is not null && ruleContext is null)
        {
            r.Diagnostics.Warning(DiagnosticCodes.InvalidValue, $"rule '{id}' sets context_window without a context; it has no effect", loc);
        }

        var optionalRead = (f.Context is null || ruleContext is not null) && (f.Unless is null || unless is not null);
        if (!ok || trigger is null || !optionalRead || f.Action is not { } action)
        {
            return null;
        }

        return new PolicyRule
        {
            Id = id,
            Description = f.Description,
            Trigger = trigger,
            Context = ruleContext,
            ContextWindow = f.Window,
            Unless = unless,
            Action = action,
            Message = f.Message,
            Disclaimer = f.Disclaimer,
            Warning = f.Warning,
            Category = f.Category,
            Severity = f.Severity,
            Priority = f.Priority,
            Stages = f.Stages,
            Enabled = f.Enabled,
            Location = loc,
        };
    }

    private static RuleFields ReadFields(YamlNodeReader r, YamlMappingNode map)
    {
        var f = new RuleFields();
        foreach (var (key, _, v) in r.Entries(map, "a rule", Keys))
        {
            switch (key)
            {
                case "id": f.Id = r.String(v, "id"); f.IdNode = v; break;
                case "description": f.Description = r.String(v, "description"); break;
                case "trigger": f.Trigger = v; break;
                case "context": f.Context = v; break;
                case "unless": f.Unless = v; break;
                case "message": f.Message = r.String(v, "message"); break;
                case "disclaimer": f.Disclaimer = r.String(v, "disclaimer"); break;
                case "warning": f.Warning = r.String(v, "warning"); break;
                case "action":
                    f.ActionNode = v;
                    f.Action = NamedValues.Actions.Read(r, v, "action", out var action) == NamedValue.Read ? action : null;
                    break;
                case "category":
                    f.Category = NamedValues.Categories.Read(r, v, "category", out var category) == NamedValue.Read ? category : f.Category;
                    break;
                case "severity":
                    f.Severity = NamedValues.Severities.Read(r, v, "severity", out var severity) == NamedValue.Read ? severity : f.Severity;
                    break;
                case "match":
                    f.Mode = NamedValues.MatchModes.Read(r, v, "match", out var mode) == NamedValue.Read ? mode : f.Mode;
                    break;
                case "priority": f.Priority = r.Integer(v, "priority", -1000, 1000) ?? 0; break;
                case "stages": f.Stages = SectionValues.Stages(r, v) ?? f.Stages; break;
                case "enabled": f.Enabled = r.Boolean(v, "enabled") ?? true; break;
                case "case_sensitive": f.CaseSensitive = r.Boolean(v, "case_sensitive") ?? false; break;
                case "context_window": f.Window = r.Integer(v, "context_window", 1, 100_000); break;
            }
        }

        return f;
    }

    /// <summary>Reports a missing trigger or action, and an action without the text it shows.</summary>
    private static bool HasWhatItNeeds(YamlNodeReader r, RuleFields f, string id, SourceLocation loc)
    {
        var ok = true;
        if (f.Trigger is null)
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"rule '{id}' needs a 'trigger'", loc, "e.g. trigger: \"word|other word\"");
            ok = false;
        }

        if (f.ActionNode is null)
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"rule '{id}' needs an 'action'", loc,
                "expected one of: " + string.Join(", ", AlignmentActions.Names));
            ok = false;
        }

        var actionAt = f.ActionNode is null ? loc : r.At(f.ActionNode);
        if (f.Action is { } act && act.RequiresMessage() && string.IsNullOrWhiteSpace(f.Message))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingMessage, $"rule '{id}' uses {act.ToName()} but has no 'message'", actionAt,
                "add message: \"what the user should read\"");
            ok = false;
        }

        if (f.Action == AlignmentAction.AddDisclaimer && string.IsNullOrWhiteSpace(f.Disclaimer) && string.IsNullOrWhiteSpace(f.Message))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingMessage, $"rule '{id}' uses add_disclaimer but has no 'disclaimer'", actionAt,
                "add disclaimer: \"…\"");
            ok = false;
        }

        if (f.Action == AlignmentAction.AddWarning && string.IsNullOrWhiteSpace(f.Warning) && string.IsNullOrWhiteSpace(f.Message))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingMessage, $"rule '{id}' uses add_warning but has no 'warning'", actionAt,
                "add warning: \"…\"");
            ok = false;
        }

        return ok;
    }

    /// <summary>A rule's fields as written, before they are checked.</summary>
    private sealed class RuleFields
    {
        public string? Id { get; set; }
        public YamlNode? IdNode { get; set; }
        public string? Description { get; set; }
        public YamlNode? Trigger { get; set; }
        public YamlNode? Context { get; set; }
        public YamlNode? Unless { get; set; }
        public YamlNode? ActionNode { get; set; }
        public AlignmentAction? Action { get; set; }
        public string? Message { get; set; }
        public string? Disclaimer { get; set; }
        public string? Warning { get; set; }
        public HarmCategory? Category { get; set; }
        public Severity Severity { get; set; } = Severity.Medium;
        public int Priority { get; set; }
        public PolicyStage Stages { get; set; } = PolicyStage.All;
        public bool Enabled { get; set; } = true;
        public MatchMode Mode { get; set; } = MatchMode.Word;
        public bool CaseSensitive { get; set; }
        public int? Window { get; set; }
    }
}
