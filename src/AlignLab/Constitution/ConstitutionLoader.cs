using System.Collections.Immutable;
using System.Text;
using AlignLab.Diagnostics;
using AlignLab.IO;
using AlignLab.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitution;

/// <summary>
/// Reads constitutions from YAML. Every problem in the file and its includes is collected and reported with
/// file, line and column; nothing is thrown for bad input.
/// </summary>
public static partial class ConstitutionLoader
{
    /// <summary>Largest constitution file accepted (per file).</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    internal static readonly string[] RootKeys = ["constitutional_ai", "include"];
    internal static readonly string[] SectionKeys =
    [
        "name", "version", "description", "include", "core_principles", "specific_rules", "intervention_thresholds", "classifier",
        "categories", "stages", "contexts", "profiles", "default_messages",
        "models", "judges", "critique_revision", "consensus", "cache", "context_injection", "pii", "review_queue",
    ];

    internal static readonly string[] PrincipleKeys = ["id", "description", "weight", "critique", "revision"];
    internal static readonly string[] RuleKeys =
    [
        "id", "description", "trigger", "context", "context_window", "unless", "action", "message", "disclaimer", "warning",
        "category", "severity", "priority", "stages", "enabled", "match", "case_sensitive",
    ];

    internal static readonly string[] CategoryKeys = ["threshold", "action", "message", "stages", "enabled"];
    internal static readonly string[] StageNames = ["input", "streaming", "output"];
    internal static readonly string[] StageKeys = ["enabled", "on_failure", "check_interval", "first_check", "abort_threshold", "max_interventions"];
    internal static readonly string[] AdjustmentKeys =
    [
        "description", "extends", "disable_rules", "enable_rules", "rule_actions", "thresholds", "category_actions", "system_guidance",
    ];

    internal static readonly string[] DefaultMessageKeys = ["block", "redirect", "escalate"];
    internal static readonly string[] MatchModes = ["word", "prefix", "substring"];
    internal static readonly string[] Severities = ["low", "medium", "high", "critical"];
    internal static readonly string[] FailureModes = ["closed", "open"];

    /// <summary>Loads a constitution file and everything it includes, with <see cref="ConstitutionLoadOptions.Default"/>.</summary>
    public static ConstitutionLoadResult LoadFile(string path) => LoadFile(path, ConstitutionLoadOptions.Default);

    /// <summary>Loads a constitution file and what it includes, as far as <paramref name="options"/> allow.</summary>
    public static ConstitutionLoadResult LoadFile(string path, ConstitutionLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        var state = new LoadState(CheckOptions(options));
        var full = Path.GetFullPath(path);
        state.LoadFile(full, DisplayPath(full), includedFrom: null);
        return state.Finish();
    }

    /// <summary>
    /// Loads a constitution from YAML text, with <see cref="ConstitutionLoadOptions.Default"/>. Includes are resolved
    /// against <paramref name="baseDirectory"/> (default: the current directory).
    /// </summary>
    public static ConstitutionLoadResult LoadText(string yaml, string sourceName = "<inline>", string? baseDirectory = null) =>
        LoadText(yaml, sourceName, baseDirectory, ConstitutionLoadOptions.Default);

    /// <summary>
    /// Loads a constitution from YAML text as far as <paramref name="options"/> allow. With <see cref="IncludeMode.Files"/>
    /// includes are resolved against <paramref name="baseDirectory"/> (default: the current directory).
    /// </summary>
    public static ConstitutionLoadResult LoadText(string yaml, string sourceName, string? baseDirectory, ConstitutionLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var state = new LoadState(CheckOptions(options));
        var dir = baseDirectory ?? Directory.GetCurrentDirectory();
        state.LoadDocument(yaml, sourceName, Path.Combine(dir, sourceName), includedFrom: null);
        return state.Finish();
    }

    /// <summary>Loads the default constitution embedded in the library (examples/default_constitution.yaml).</summary>
    public static Constitution LoadDefault() => LoadText(ReadDefaultText(), "default_constitution.yaml").GetOrThrow();

    /// <summary>The YAML text of the embedded default constitution.</summary>
    public static string ReadDefaultText()
    {
        using var stream = typeof(ConstitutionLoader).Assembly.GetManifestResourceStream("AlignLab.default_constitution.yaml")
            ?? throw new InvalidOperationException("The default constitution is not embedded in this build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    internal static string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) && relative.Count(c => c == Path.DirectorySeparatorChar) > 2 ? fullPath : relative;
    }

    private sealed partial class LoadState(ConstitutionLoadOptions options)
    {
        private readonly ConstitutionLoadOptions _options = options;
        private readonly DiagnosticBag _diagnostics = new();
        private readonly Stack<string> _includeStack = new();
        private readonly Stack<string> _displayStack = new();
        private readonly List<string> _files = [];
        private readonly List<Principle> _principles = [];
        private readonly List<PolicyRule> _rules = [];
        private readonly Dictionary<string, CategoryPolicy> _categories = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _thresholds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PolicyAdjustment> _contexts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PolicyAdjustment> _profiles = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceLocation> _ruleIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceLocation> _principleIds = new(StringComparer.Ordinal);
        private StageSettings _stages = new();
        private string? _name;
        private string? _version;
        private string? _description;
        private string? _blockMessage;
        private string? _redirectMessage;
        private string? _escalateMessage;

        /// <summary>Parses and reads one document; <paramref name="includedFrom"/> is the include that named it, if any.</summary>
        public void LoadDocument(string text, string display, string fullPath, SourceLocation? includedFrom)
        {
            _includeStack.Push(fullPath);
            _displayStack.Push(display);
            _files.Add(fullPath);
            try
            {
                var reader = new YamlNodeReader(display, _diagnostics);
                var root = Parse(text, display);
                if (root is null)
                {
                    return;
                }

                if (includedFrom is { } include && !LooksLikeConstitution(root))
                {
                    // Say so once, without quoting the file: it may be any file the include could reach.
                    _diagnostics.Error(DiagnosticCodes.WrongType, $"the included file {display} is not a constitution", include,
                        "an included file must be a YAML mapping with 'constitutional_ai:' or constitution keys such as 'specific_rules:'");
                    return;
                }

                ReadRoot(reader, root, fullPath);
            }
            finally
            {
                _includeStack.Pop();
                _displayStack.Pop();
            }
        }

        private YamlNode? Parse(string text, string display)
        {
            if (text.Length > MaxFileBytes)
            {
                _diagnostics.Error(DiagnosticCodes.InputTooLarge, $"document is {text.Length:N0} characters; the limit is {MaxFileBytes:N0}", SourceLocation.FileOnly(display));
                return null;
            }

            try
            {
                var stream = BoundedYaml.Load(text, _options.MaxDepth);
                if (stream.Documents.Count == 0)
                {
                    _diagnostics.Error(DiagnosticCodes.MissingRequired, "the file is empty", new SourceLocation(display, 1, 1), "start with 'constitutional_ai:'");
                    return null;
                }

                if (stream.Documents.Count > 1)
                {
                    _diagnostics.Warning(DiagnosticCodes.InvalidValue, "only the first YAML document is read; the rest are ignored", new SourceLocation(display, (int)stream.Documents[1].RootNode.Start.Line, (int)stream.Documents[1].RootNode.Start.Column));
                }

                return stream.Documents[0].RootNode;
            }
            catch (YamlLimitException ex)
            {
                _diagnostics.Error(DiagnosticCodes.InputTooLarge, ex.Reason, new SourceLocation(display, (int)ex.Start.Line, (int)ex.Start.Column),
                    ex.Reason.Contains("levels deep", StringComparison.Ordinal)
                        ? $"flatten the structure, or raise {nameof(ConstitutionLoadOptions)}.{nameof(ConstitutionLoadOptions.MaxDepth)}"
                        : null);
                return null;
            }
            catch (YamlException ex)
            {
                var message = ex.InnerException?.Message ?? ex.Message;
                var idx = message.IndexOf("): ", StringComparison.Ordinal);
                if (message.StartsWith("(Line", StringComparison.Ordinal) && idx > 0)
                {
                    message = message[(idx + 3)..];
                }

                if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
                {
                    message = $"the key '{message["Duplicate key ".Length..]}' appears twice in the same mapping";
                }
                else if (ex.InnerException is ArgumentException && message.Contains("same key", StringComparison.Ordinal))
                {
                    message = "a key appears twice in the same mapping";
                }

                _diagnostics.Error(DiagnosticCodes.YamlSyntax, "YAML syntax error: " + message, new SourceLocation(display, (int)ex.Start.Line, (int)ex.Start.Column), "check indentation and quoting around this position");
                return null;
            }
        }

        /// <summary>
        /// True when an included document has the shape of a constitution: a mapping with at least one key a constitution
        /// has. A password file, a key file or another program's YAML is reported as one error instead of one per line.
        /// </summary>
        private static bool LooksLikeConstitution(YamlNode root) =>
            root is YamlMappingNode map
            && map.Children.Keys.Any(k => k is YamlScalarNode { Value: { } key } && (RootKeys.Contains(key) || SectionKeys.Contains(key)));

        private void ReadRoot(YamlNodeReader r, YamlNode root, string fullPath)
        {
            var map = r.Mapping(root, "the document");
            if (map is null)
            {
                return;
            }

            // Flat form: the section's keys written at the top level, where the section's reader reports unknown keys.
            var flat = !map.Children.Keys.Any(k => k is YamlScalarNode { Value: "constitutional_ai" });
            if (flat && LooksLikeGatewayFile(map, out var gatewayKey))
            {
                r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"this is a gateway configuration (it has '{gatewayKey.Value}:'), not a constitution", r.At(gatewayKey),
                    "a gateway file is read by 'alignlab serve --config FILE'; validate the constitution it names under 'policy:'");
                return;
            }

            YamlNode? section = null;
            var sawSection = false;
            foreach (var (key, keyNode, value) in r.Entries(map, "the document", null))
            {
                if (key == "constitutional_ai")
                {
                    section = value;
                    sawSection = true;
                }
                else if (key == "include")
                {
                    ReadIncludes(r, value, fullPath);
                }
                else if (!flat && !SectionKeys.Contains(key))
                {
                    r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"unknown key '{key}' at the top of the document", r.At(keyNode), Suggestions.Hint(key, [.. RootKeys.Union(SectionKeys)]));
                }
            }

            if (sawSection)
            {
                foreach (var (keyNode, _) in map.Children)
                {
                    if (keyNode is YamlScalarNode { Value: { } k } && k != "constitutional_ai" && k != "include" && SectionKeys.Contains(k))
                    {
                        r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"'{k}' is at the top of the document, beside 'constitutional_ai:', where it would be ignored", r.At(keyNode), "indent it under constitutional_ai:");
                    }
                }
            }

            // Flat form: the section's keys written at the top level.
            var sectionMap = sawSection ? r.Mapping(section!, "constitutional_ai") : map;
            if (sectionMap is null)
            {
                return;
            }

            ReadSection(r, sectionMap, fullPath, flat: !sawSection);
        }

        private static bool LooksLikeGatewayFile(YamlMappingNode map, out YamlScalarNode key)
        {
            key = null!;
            foreach (var k in map.Children.Keys.OfType<YamlScalarNode>())
            {
                if (k.Value is { } name && SectionKeys.Contains(name))
                {
                    return false;
                }

                if (key is null && k.Value is "listen" or "upstream" or "api_keys" or "review_db" or "allow_anonymous" or "audit")
                {
                    key = k;
                }
            }

            return key is not null;
        }

        private void ReadSection(YamlNodeReader r, YamlMappingNode map, string fullPath, bool flat)
        {
            // Includes first, so that the including file's settings override the included ones.
            foreach (var (key, _, value) in map.Children.Select(kv => (kv.Key is YamlScalarNode s ? s.Value : null, kv.Key, kv.Value)))
            {
                if (key == "include" && !flat)
                {
                    ReadIncludes(r, value, fullPath);
                }
            }

            foreach (var (key, _, value) in r.Entries(map, flat ? "the document" : "constitutional_ai", SectionKeys))
            {
                switch (key)
                {
                    case "name":
                        _name = r.String(value, "name") ?? _name;
                        break;
                    case "version":
                        _version = r.String(value, "version") ?? _version;
                        break;
                    case "description":
                        _description = r.String(value, "description") ?? _description;
                        break;
                    case "include":
                    case "constitutional_ai":
                        break; // handled above / by ReadRoot
                    case "core_principles":
                        ReadPrinciples(r, value);
                        break;
                    case "specific_rules":
                        ReadRules(r, value);
                        break;
                    case "intervention_thresholds":
                        ReadThresholds(r, value, _thresholds, "intervention_thresholds", categoriesAllowed: false);
                        break;
                    case "categories":
                        ReadCategories(r, value);
                        break;
                    case "stages":
                        ReadStages(r, value);
                        break;
                    case "contexts":
                        ReadAdjustments(r, value, _contexts, "contexts");
                        break;
                    case "profiles":
                        ReadAdjustments(r, value, _profiles, "profiles");
                        break;
                    case "default_messages":
                        ReadDefaultMessages(r, value);
                        break;
                    case "classifier":
                        ReadClassifier(r, value);
                        break;
                    default:
                        ReadRuntimeSection(r, key, value, fullPath);
                        break;
                }
            }
        }

        private void ReadPrinciples(YamlNodeReader r, YamlNode value)
        {
            var seq = r.Sequence(value, "core_principles");
            if (seq is null)
            {
                return;
            }

            foreach (var item in seq.Children)
            {
                var map = r.Mapping(item, "a principle");
                if (map is null)
                {
                    continue;
                }

                string? id = null, description = null, critique = null, revision = null;
                double weight = 1.0;
                foreach (var (key, _, v) in r.Entries(map, "a principle", PrincipleKeys))
                {
                    switch (key)
                    {
                        case "id": id = r.String(v, "id"); break;
                        case "description": description = r.String(v, "description"); break;
                        case "critique": critique = r.String(v, "critique"); break;
                        case "revision": revision = r.String(v, "revision"); break;
                        case "weight":
                            var w = r.Number(v, "weight");
                            if (w is < 0)
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "weight must not be negative", r.At(v));
                            }
                            else if (w is not null)
                            {
                                weight = w.Value;
                            }

                            break;
                    }
                }

                var loc = r.At(item);
                if (string.IsNullOrWhiteSpace(id))
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a principle needs an 'id'", loc);
                    continue;
                }

                if (string.IsNullOrWhiteSpace(description))
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"principle '{id}' needs a 'description'", loc);
                    continue;
                }

                if (_principleIds.TryGetValue(id, out var first))
                {
                    r.Diagnostics.Error(DiagnosticCodes.DuplicateId, $"duplicate principle id '{id}' (first defined at {first})", loc, "principle ids must be unique across all included files");
                    continue;
                }

                _principleIds[id] = loc;
                _principles.Add(new Principle(id, description, weight, critique, revision, loc));
            }
        }

        private void ReadRules(YamlNodeReader r, YamlNode value)
        {
            var seq = r.Sequence(value, "specific_rules");
            if (seq is null)
            {
                return;
            }

            foreach (var item in seq.Children)
            {
                if (!CountRule(r, item))
                {
                    return;
                }

                var rule = ReadRule(r, item);
                if (rule is not null)
                {
                    _rules.Add(rule with { Order = _rules.Count });
                }
            }
        }

        private PolicyRule? ReadRule(YamlNodeReader r, YamlNode item)
        {
            var map = r.Mapping(item, "a rule");
            if (map is null)
            {
                return null;
            }

            var loc = r.At(item);
            var ok = true;
            string? id = null, description = null, message = null, disclaimer = null, warning = null;
            YamlNode? triggerNode = null, contextNode = null, unlessNode = null, actionNode = null, idNode = null;
            AlignmentAction? action = null;
            HarmCategory? category = null;
            var severity = Severity.Medium;
            var priority = 0;
            var stages = PolicyStage.All;
            var enabled = true;
            var mode = MatchMode.Word;
            var caseSensitive = false;
            int? window = null;

            foreach (var (key, _, v) in r.Entries(map, "a rule", RuleKeys))
            {
                switch (key)
                {
                    case "id": id = r.String(v, "id"); idNode = v; break;
                    case "description": description = r.String(v, "description"); break;
                    case "trigger": triggerNode = v; break;
                    case "context": contextNode = v; break;
                    case "unless": unlessNode = v; break;
                    case "message": message = r.String(v, "message"); break;
                    case "disclaimer": disclaimer = r.String(v, "disclaimer"); break;
                    case "warning": warning = r.String(v, "warning"); break;
                    case "action":
                        actionNode = v;
                        var actionName = r.String(v, "action");
                        if (actionName is not null)
                        {
                            if (AlignmentActions.TryParse(actionName, out var a))
                            {
                                action = a;
                            }
                            else
                            {
                                r.Diagnostics.Error(DiagnosticCodes.UnknownAction, $"unknown action '{YamlNodeReader.Shorten(actionName)}'", r.At(v), Suggestions.Hint(actionName, AlignmentActions.Names));
                                ok = false;
                            }
                        }

                        break;
                    case "category":
                        var catName = r.String(v, "category");
                        if (catName is not null)
                        {
                            if (HarmCategory.TryFind(catName, out var c))
                            {
                                category = c;
                            }
                            else
                            {
                                r.Diagnostics.Error(DiagnosticCodes.UnknownCategory, $"unknown category '{YamlNodeReader.Shorten(catName)}'", r.At(v), Suggestions.Hint(catName, HarmCategory.Ids));
                            }
                        }

                        break;
                    case "severity":
                        var sevName = r.String(v, "severity");
                        if (sevName is not null)
                        {
                            if (Enum.TryParse<Severity>(sevName, ignoreCase: true, out var s) && Severities.Contains(sevName.ToLowerInvariant()))
                            {
                                severity = s;
                            }
                            else
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown severity '{YamlNodeReader.Shorten(sevName)}'", r.At(v), Suggestions.Hint(sevName, Severities));
                            }
                        }

                        break;
                    case "priority":
                        priority = r.Integer(v, "priority", -1000, 1000) ?? 0;
                        break;
                    case "stages":
                        stages = ReadStageList(r, v) ?? stages;
                        break;
                    case "enabled":
                        enabled = r.Boolean(v, "enabled") ?? true;
                        break;
                    case "case_sensitive":
                        caseSensitive = r.Boolean(v, "case_sensitive") ?? false;
                        break;
                    case "context_window":
                        window = r.Integer(v, "context_window", 1, 100_000);
                        break;
                    case "match":
                        var modeName = r.String(v, "match");
                        if (modeName is not null)
                        {
                            if (Enum.TryParse<MatchMode>(modeName, ignoreCase: true, out var m) && MatchModes.Contains(modeName.ToLowerInvariant()))
                            {
                                mode = m;
                            }
                            else
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown match mode '{YamlNodeReader.Shorten(modeName)}'", r.At(v), Suggestions.Hint(modeName, MatchModes));
                            }
                        }

                        break;
                }
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a rule needs an 'id'", loc, "add 'id: some_name'");
                return null;
            }

            var idLoc = idNode is null ? loc : r.At(idNode);
            if (_ruleIds.TryGetValue(id, out var firstLoc))
            {
                r.Diagnostics.Error(DiagnosticCodes.DuplicateId, $"duplicate rule id '{id}' (first defined at {firstLoc})", idLoc, "rule ids must be unique across all included files");
                ok = false;
            }
            else
            {
                _ruleIds[id] = idLoc;
            }

            if (triggerNode is null)
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"rule '{id}' needs a 'trigger'", loc, "e.g. trigger: \"word|other word\"");
                ok = false;
            }

            if (actionNode is null)
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"rule '{id}' needs an 'action'", loc, "expected one of: " + string.Join(", ", AlignmentActions.Names));
                ok = false;
            }

            if (action is { } act && act.RequiresMessage() && string.IsNullOrWhiteSpace(message))
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingMessage, $"rule '{id}' uses {act.ToName()} but has no 'message'", actionNode is null ? loc : r.At(actionNode), "add message: \"what the user should read\"");
                ok = false;
            }

            if (action == AlignmentAction.AddDisclaimer && string.IsNullOrWhiteSpace(disclaimer) && string.IsNullOrWhiteSpace(message))
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingMessage, $"rule '{id}' uses add_disclaimer but has no 'disclaimer'", actionNode is null ? loc : r.At(actionNode), "add disclaimer: \"…\"");
                ok = false;
            }

            if (action == AlignmentAction.AddWarning && string.IsNullOrWhiteSpace(warning) && string.IsNullOrWhiteSpace(message))
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingMessage, $"rule '{id}' uses add_warning but has no 'warning'", actionNode is null ? loc : r.At(actionNode), "add warning: \"…\"");
                ok = false;
            }

            var trigger = triggerNode is null ? null : ReadPattern(r, triggerNode, $"rule '{id}' trigger", mode, caseSensitive);
            var context = contextNode is null ? null : ReadPattern(r, contextNode, $"rule '{id}' context", MatchMode.Word, caseSensitive);
            var unless = unlessNode is null ? null : ReadPattern(r, unlessNode, $"rule '{id}' unless", MatchMode.Word, caseSensitive);
            if (trigger is null || (contextNode is not null && context is null) || (unlessNode is not null && unless is null))
            {
                ok = false;
            }

            if (window is not null && context is null)
            {
                r.Diagnostics.Warning(DiagnosticCodes.InvalidValue, $"rule '{id}' sets context_window without a context; it has no effect", loc);
            }

            if (!ok || action is null || trigger is null)
            {
                return null;
            }

            return new PolicyRule
            {
                Id = id,
                Description = description,
                Trigger = trigger,
                Context = context,
                ContextWindow = window,
                Unless = unless,
                Action = action.Value,
                Message = message,
                Disclaimer = disclaimer,
                Warning = warning,
                Category = category,
                Severity = severity,
                Priority = priority,
                Stages = stages,
                Enabled = enabled,
                Location = loc,
            };
        }

        private static PolicyStage? ReadStageList(YamlNodeReader r, YamlNode node)
        {
            var result = PolicyStage.None;
            var list = r.StringList(node, "stages");
            if (list.Count == 0)
            {
                r.Diagnostics.Error(DiagnosticCodes.UnknownStage, "stages is empty", r.At(node), "list at least one of input, streaming, output; to switch something off use 'enabled: false'");
                return null;
            }

            foreach (var (name, itemNode) in list)
            {
                if (PolicyStages.TryParse(name, out var s))
                {
                    result |= s;
                }
                else
                {
                    r.Diagnostics.Error(DiagnosticCodes.UnknownStage, $"unknown stage '{YamlNodeReader.Shorten(name)}'", r.At(itemNode), Suggestions.Hint(name, PolicyStages.Names));
                }
            }

            return result == PolicyStage.None ? null : result;
        }

        private void ReadCategories(YamlNodeReader r, YamlNode value)
        {
            var map = r.Mapping(value, "categories");
            if (map is null)
            {
                return;
            }

            foreach (var (key, keyNode, v) in r.Entries(map, "categories", null))
            {
                if (!HarmCategory.TryFind(key, out var category))
                {
                    r.Diagnostics.Error(DiagnosticCodes.UnknownCategory, $"unknown category '{key}'", r.At(keyNode), Suggestions.Hint(key, HarmCategory.Ids));
                    continue;
                }

                var cmap = r.Mapping(v, $"category '{key}'");
                if (cmap is null)
                {
                    continue;
                }

                var existing = _categories.GetValueOrDefault(category.Id);
                var threshold = existing?.Threshold ?? 0.5;
                var action = existing?.Action ?? AlignmentAction.RefusePolitely;
                var message = existing?.Message;
                var stages = existing?.Stages ?? PolicyStage.All;
                var enabled = existing?.Enabled ?? true;
                var ok = true;
                YamlNode? actionNode = null;
                foreach (var (ckey, _, cv) in r.Entries(cmap, $"category '{key}'", CategoryKeys))
                {
                    switch (ckey)
                    {
                        case "threshold":
                            var t = r.Probability(cv, $"threshold of '{key}'");
                            if (t is null)
                            {
                                ok = false;
                            }
                            else
                            {
                                threshold = t.Value;
                                _ownThresholds.Add(category.Id);
                            }

                            break;
                        case "action":
                            actionNode = cv;
                            var name = r.String(cv, "action");
                            if (name is not null && AlignmentActions.TryParse(name, out var a))
                            {
                                action = a;
                            }
                            else if (name is not null)
                            {
                                r.Diagnostics.Error(DiagnosticCodes.UnknownAction, $"unknown action '{YamlNodeReader.Shorten(name)}'", r.At(cv), Suggestions.Hint(name, AlignmentActions.Names));
                                ok = false;
                            }

                            break;
                        case "message": message = r.String(cv, "message"); break;
                        case "stages": stages = ReadStageList(r, cv) ?? stages; break;
                        case "enabled": enabled = r.Boolean(cv, "enabled") ?? enabled; break;
                    }
                }

                if (ok && action.RequiresMessage() && string.IsNullOrWhiteSpace(message))
                {
                    // Categories fall back to a generic refusal that names the category.
                    message = $"I can't help with that request ({category.DisplayName.ToLowerInvariant()}).";
                }

                if (ok)
                {
                    _categories[category.Id] = new CategoryPolicy(category, threshold, action, message, stages, enabled, r.At(keyNode));
                }

                _ = actionNode;
            }
        }

        private void ReadStages(YamlNodeReader r, YamlNode value)
        {
            var map = r.Mapping(value, "stages");
            if (map is null)
            {
                return;
            }

            var s = _stages;
            foreach (var (stage, _, v) in r.Entries(map, "stages", StageNames))
            {
                var smap = r.Mapping(v, $"stage '{stage}'");
                if (smap is null)
                {
                    continue;
                }

                foreach (var (key, keyNode, sv) in r.Entries(smap, $"stage '{stage}'", StageKeys))
                {
                    if (stage != "streaming" && key is "check_interval" or "first_check" or "abort_threshold" or "max_interventions")
                    {
                        r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"'{key}' only applies to the streaming stage", r.At(keyNode), "move it under 'streaming:'");
                        continue;
                    }

                    switch (key)
                    {
                        case "enabled":
                            var e = r.Boolean(sv, "enabled");
                            if (e is not null)
                            {
                                s = stage switch
                                {
                                    "input" => s with { InputEnabled = e.Value },
                                    "streaming" => s with { StreamingEnabled = e.Value },
                                    _ => s with { OutputEnabled = e.Value },
                                };
                            }

                            break;
                        case "on_failure":
                            var f = r.String(sv, "on_failure");
                            if (f is null)
                            {
                                break;
                            }

                            if (!FailureModes.Contains(f.ToLowerInvariant()))
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown failure mode '{YamlNodeReader.Shorten(f)}'", r.At(sv), Suggestions.Hint(f, FailureModes));
                                break;
                            }

                            var mode = f.Equals("open", StringComparison.OrdinalIgnoreCase) ? FailureMode.Open : FailureMode.Closed;
                            s = stage switch
                            {
                                "input" => s with { InputFailureMode = mode },
                                "streaming" => s with { StreamingFailureMode = mode },
                                _ => s with { OutputFailureMode = mode },
                            };
                            break;
                        case "check_interval":
                            var ci = r.Integer(sv, "check_interval", 1, 4096);
                            if (ci is not null)
                            {
                                s = s with { CheckInterval = ci.Value };
                            }

                            break;
                        case "first_check":
                            var fc = r.Integer(sv, "first_check", 1, 4096);
                            if (fc is not null)
                            {
                                s = s with { FirstCheck = fc.Value };
                            }

                            break;
                        case "abort_threshold":
                            var at = r.Probability(sv, "abort_threshold");
                            if (at is not null)
                            {
                                s = s with { AbortThreshold = at.Value };
                            }

                            break;
                        case "max_interventions":
                            var mi = r.Integer(sv, "max_interventions", 0, 100);
                            if (mi is not null)
                            {
                                s = s with { MaxInterventions = mi.Value };
                            }

                            break;
                    }
                }
            }

            _stages = s;
        }

        private void ReadAdjustments(YamlNodeReader r, YamlNode value, Dictionary<string, PolicyAdjustment> target, string what)
        {
            var map = r.Mapping(value, what);
            if (map is null)
            {
                return;
            }

            foreach (var (name, keyNode, v) in r.Entries(map, what, null))
            {
                var amap = r.Mapping(v, $"{what} '{name}'");
                if (amap is null)
                {
                    continue;
                }

                var adj = new PolicyAdjustment { Name = name, Location = r.At(keyNode) };
                foreach (var (key, _, av) in r.Entries(amap, $"{what} '{name}'", AdjustmentKeys))
                {
                    switch (key)
                    {
                        case "description": adj = adj with { Description = r.String(av, "description") }; break;
                        case "extends": adj = adj with { Extends = r.String(av, "extends") }; break;
                        case "system_guidance": adj = adj with { SystemGuidance = r.String(av, "system_guidance") }; break;
                        case "disable_rules": adj = adj with { DisableRules = [.. RuleRefs(r, av, "disable_rules")] }; break;
                        case "enable_rules": adj = adj with { EnableRules = [.. RuleRefs(r, av, "enable_rules")] }; break;
                        case "thresholds":
                            var th = new Dictionary<string, double>(StringComparer.Ordinal);
                            ReadThresholds(r, av, th, $"{what} '{name}' thresholds", categoriesAllowed: true);
                            adj = adj with { Thresholds = th.ToImmutableDictionary(StringComparer.Ordinal) };
                            break;
                        case "rule_actions":
                            adj = adj with { RuleActions = ActionMap(r, av, "rule_actions", null) };
                            break;
                        case "category_actions":
                            adj = adj with { CategoryActions = ActionMap(r, av, "category_actions", HarmCategory.Ids) };
                            break;
                    }
                }

                target[name] = adj;
            }
        }

        private static List<string> RuleRefs(YamlNodeReader r, YamlNode node, string what) =>
            [.. r.StringList(node, what).Select(x => x.Value)];

        private static ImmutableDictionary<string, AlignmentAction> ActionMap(YamlNodeReader r, YamlNode node, string what, IReadOnlyList<string>? keys)
        {
            var result = ImmutableDictionary.CreateBuilder<string, AlignmentAction>(StringComparer.Ordinal);
            var map = r.Mapping(node, what);
            if (map is null)
            {
                return result.ToImmutable();
            }

            foreach (var (key, keyNode, v) in r.Entries(map, what, null))
            {
                var k = key;
                if (keys is not null)
                {
                    if (!HarmCategory.TryFind(key, out var c))
                    {
                        r.Diagnostics.Error(DiagnosticCodes.UnknownCategory, $"unknown category '{key}'", r.At(keyNode), Suggestions.Hint(key, keys));
                        continue;
                    }

                    k = c.Id;
                }

                var name = r.String(v, "action");
                if (name is null)
                {
                    continue;
                }

                if (AlignmentActions.TryParse(name, out var a))
                {
                    result[k] = a;
                }
                else
                {
                    r.Diagnostics.Error(DiagnosticCodes.UnknownAction, $"unknown action '{YamlNodeReader.Shorten(name)}'", r.At(v), Suggestions.Hint(name, AlignmentActions.Names));
                }
            }

            return result.ToImmutable();
        }

        private void ReadDefaultMessages(YamlNodeReader r, YamlNode value)
        {
            var map = r.Mapping(value, "default_messages");
            if (map is null)
            {
                return;
            }

            foreach (var (key, _, v) in r.Entries(map, "default_messages", DefaultMessageKeys))
            {
                var text = r.String(v, key);
                switch (key)
                {
                    case "block": _blockMessage = text ?? _blockMessage; break;
                    case "redirect": _redirectMessage = text ?? _redirectMessage; break;
                    case "escalate": _escalateMessage = text ?? _escalateMessage; break;
                }
            }
        }

        public ConstitutionLoadResult Finish()
        {
            CheckPatterns();
            CheckAdjustments(_contexts, "context");
            CheckAdjustments(_profiles, "profile");
            CheckRuntimeReferences();
            CheckUncertainBand();

            if (_diagnostics.HasErrors)
            {
                return new ConstitutionLoadResult(null, _diagnostics.Sorted());
            }

            var c = new Constitution
            {
                Name = _name ?? Path.GetFileNameWithoutExtension(_files.FirstOrDefault() ?? "constitution"),
                Version = _version,
                Description = _description,
                SourceFiles = [.. _files],
                Principles = [.. _principles],
                Rules = [.. _rules],
                Categories = WithToxicity(_categories).ToImmutableDictionary(StringComparer.Ordinal),
                Classifier = _classifier,
                Thresholds = _thresholds.ToImmutableDictionary(StringComparer.Ordinal),
                Stages = _stages,
                Contexts = _contexts.ToImmutableDictionary(StringComparer.Ordinal),
                Profiles = _profiles.ToImmutableDictionary(StringComparer.Ordinal),
                Runtime = BuildRuntime(),
            };
            c = c with
            {
                DefaultBlockMessage = _blockMessage ?? c.DefaultBlockMessage,
                DefaultRedirectMessage = _redirectMessage ?? c.DefaultRedirectMessage,
                DefaultEscalationMessage = _escalateMessage ?? c.DefaultEscalationMessage,
            };
            return new ConstitutionLoadResult(c, _diagnostics.Sorted());
        }

        private void CheckAdjustments(Dictionary<string, PolicyAdjustment> adjustments, string kind)
        {
            var ruleIds = _ruleIds.Keys.ToList();
            var thresholdNames = HarmCategory.Ids.Concat(ThresholdNames.Known).ToList();
            foreach (var adj in adjustments.Values)
            {
                foreach (var key in adj.Thresholds.Keys)
                {
                    if (!HarmCategory.TryFind(key, out _) && !thresholdNames.Contains(key))
                    {
                        _diagnostics.Error(DiagnosticCodes.UnknownReference, $"{kind} '{adj.Name}' sets unknown threshold '{key}'", adj.Location, Suggestions.Hint(key, thresholdNames));
                    }
                }

                foreach (var id in adj.DisableRules.Concat(adj.EnableRules).Concat(adj.RuleActions.Keys))
                {
                    if (!_ruleIds.ContainsKey(id))
                    {
                        _diagnostics.Error(DiagnosticCodes.UnknownReference, $"{kind} '{adj.Name}' refers to unknown rule '{id}'", adj.Location, Suggestions.Closest(id, ruleIds) is { } s ? $"did you mean '{s}'?" : "check the rule ids in specific_rules");
                    }
                }

                // extends: must exist and must not loop.
                var seen = new HashSet<string>(StringComparer.Ordinal) { adj.Name };
                var current = adj;
                while (current.Extends is { } parent)
                {
                    if (!adjustments.TryGetValue(parent, out var next))
                    {
                        _diagnostics.Error(DiagnosticCodes.UnknownReference, $"{kind} '{current.Name}' extends unknown {kind} '{parent}'", current.Location, Suggestions.Closest(parent, adjustments.Keys.ToList()) is { } s ? $"did you mean '{s}'?" : null);
                        break;
                    }

                    if (!seen.Add(parent))
                    {
                        _diagnostics.Error(DiagnosticCodes.IncludeCycle, $"{kind} '{adj.Name}' extends itself through '{parent}'", adj.Location, "break the 'extends' cycle");
                        break;
                    }

                    current = next;
                }
            }
        }
    }
}
