using AlignLab.Diagnostics;
using AlignLab.IO;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// One load: reads a file (or text) and what it includes into one draft, then runs the validators over the draft and builds
/// the constitution when nothing is wrong. Every problem is collected in <see cref="Diagnostics"/>.
/// </summary>
internal sealed class ConstitutionLoadSession
{
    private readonly ConstitutionLoadOptions _options;
    private readonly ConstitutionDraft _draft = new();
    private readonly PatternBudget _patterns;
    private readonly Stack<string> _includeStack = new();
    private readonly Stack<string> _displayStack = new();

    public ConstitutionLoadSession(ConstitutionLoadOptions options)
    {
        _options = options;
        _patterns = new PatternBudget(options);
    }

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>Reads a file (the one given, or one an include names) and loads it.</summary>
    public void LoadFile(string fullPath, string display, SourceLocation? includedFrom)
    {
        if (_includeStack.Contains(fullPath, StringComparer.Ordinal))
        {
            var chain = string.Join(" -> ", _displayStack.Reverse().Append(display));
            Diagnostics.Error(DiagnosticCodes.IncludeCycle, $"include cycle: {chain}", includedFrom ?? SourceLocation.FileOnly(display),
                "remove one of the includes in the cycle");
            return;
        }

        if (_draft.Files.Contains(fullPath, StringComparer.Ordinal))
        {
            return; // diamond include: already merged once
        }

        if (PolicyFileLoader.Read(fullPath, display, includedFrom, _options.Includes, Diagnostics) is { } text)
        {
            LoadDocument(text, display, fullPath, includedFrom);
        }
    }

    /// <summary>Parses and reads one document; <paramref name="includedFrom"/> is the include that named it, if any.</summary>
    public void LoadDocument(string text, string display, string fullPath, SourceLocation? includedFrom)
    {
        _includeStack.Push(fullPath);
        _displayStack.Push(display);
        _draft.Files.Add(fullPath);
        try
        {
            var root = PolicyDocumentParser.Parse(text, display, _options.MaxDepth, Diagnostics);
            if (root is null)
            {
                return;
            }

            if (includedFrom is { } include && !DocumentReader.LooksLikeConstitution(root))
            {
                // Say so once, without quoting the file: it may be any file the include could reach.
                Diagnostics.Error(DiagnosticCodes.WrongType, $"the included file {display} is not a constitution", include,
                    "an included file must be a YAML mapping with 'constitutional_ai:' or constitution keys such as 'specific_rules:'");
                return;
            }

            var context = new SectionReadContext(new YamlNodeReader(display, Diagnostics), _draft, _options, _patterns, fullPath);
            new DocumentReader(context, ReadIncludes).ReadRoot(root);
        }
        finally
        {
            _includeStack.Pop();
            _displayStack.Pop();
        }
    }

    /// <summary>Runs the validators and builds the constitution, unless an error was reported.</summary>
    public ConstitutionLoadResult Finish()
    {
        IConstitutionValidator[] validators =
        [
            new DuplicateIdValidator(),
            new ModelDeclarationValidator(_options.AllowedModels),
            new PatternValidator(_patterns),
            new AdjustmentValidator(),
            new RuntimeReferenceValidator(),
            new UncertainBandValidator(),
        ];
        foreach (var validator in validators)
        {
            validator.Validate(_draft, Diagnostics);
        }

        return Diagnostics.HasErrors
            ? new ConstitutionLoadResult(null, Diagnostics.Sorted())
            : new ConstitutionLoadResult(ConstitutionBuilder.Build(_draft), Diagnostics.Sorted());
    }

    private void ReadIncludes(SectionReadContext context, YamlNode value)
    {
        var r = context.Reader;
        if (_options.Includes == IncludeMode.None)
        {
            // Nothing is resolved or read, so no answer tells whether some path exists.
            r.Diagnostics.Error(DiagnosticCodes.IncludeNotAllowed, "a policy sent over the API cannot include files", r.At(value),
                "put the rules of the included file into this policy");
            return;
        }

        var folder = _options.Includes == IncludeMode.Folder;
        var dir = folder ? Path.GetFullPath(_options.IncludeFolder!) : Path.GetDirectoryName(context.FullPath) ?? Directory.GetCurrentDirectory();
        foreach (var (path, node) in r.StringList(value, "include"))
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "include path is empty", r.At(node));
                continue;
            }

            if (folder && !ConstitutionLoader.IsPlainFileName(path))
            {
                r.Diagnostics.Error(DiagnosticCodes.IncludeNotAllowed, $"include '{YamlNodeReader.Shorten(path)}' is not a plain file name",
                    r.At(node),
                    "only files of the include folder can be included: write the file's name alone, e.g. 'base.yaml'");
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(dir, path));
            LoadFile(target, folder ? path : ConstitutionLoader.DisplayPath(target), r.At(node));
        }
    }
}
