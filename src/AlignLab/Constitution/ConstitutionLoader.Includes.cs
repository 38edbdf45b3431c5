using AlignLab.Diagnostics;
using AlignLab.IO;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitution;

// Reading files and resolving 'include:' as ConstitutionLoadOptions.Includes allows.
public static partial class ConstitutionLoader
{
    private static ConstitutionLoadOptions CheckOptions(ConstitutionLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRules, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxPatternLength, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxTotalPatternLength, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegexPatterns, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegexDistinctCharacters, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegexCompileBytes, nameof(options));
        if (options.Includes == IncludeMode.Folder && string.IsNullOrWhiteSpace(options.IncludeFolder))
        {
            throw new ArgumentException(
                $"{nameof(IncludeMode)}.{nameof(IncludeMode.Folder)} needs {nameof(ConstitutionLoadOptions.IncludeFolder)}", nameof(options));
        }

        return options;
    }

    /// <summary>A name that stays inside the include folder: no directory part, not '.' or '..', not rooted.</summary>
    internal static bool IsPlainFileName(string name) =>
        name.Length > 0
        && name.Trim() == name
        && name is not "." and not ".."
        && !name.Contains("..", StringComparison.Ordinal)
        && !Path.IsPathRooted(name)
        && name.IndexOfAny(['/', '\\', ':']) < 0
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && !name.Any(char.IsControl);

    private sealed partial class LoadState
    {
        /// <summary>Reads a file (the one given, or one an include names) and loads it.</summary>
        public void LoadFile(string fullPath, string display, SourceLocation? includedFrom)
        {
            if (_includeStack.Contains(fullPath, StringComparer.Ordinal))
            {
                var chain = string.Join(" -> ", _displayStack.Reverse().Append(display));
                _diagnostics.Error(DiagnosticCodes.IncludeCycle, $"include cycle: {chain}", includedFrom ?? SourceLocation.FileOnly(display),
                    "remove one of the includes in the cycle");
                return;
            }

            if (_files.Contains(fullPath, StringComparer.Ordinal))
            {
                return; // diamond include: already merged once
            }

            var where = includedFrom ?? SourceLocation.FileOnly(display);
            var notFound = includedFrom is null ? DiagnosticCodes.FileNotFound : DiagnosticCodes.IncludeNotFound;
            var hint = includedFrom is null ? null
                : _options.Includes == IncludeMode.Folder ? "an include names a file in the include folder"
                : "paths in 'include' are relative to the including file";
            byte[] bytes;
            try
            {
                var problem = PolicyFileReader.Read(fullPath, MaxFileBytes, regularOnly: includedFrom is not null, out bytes, out var size);
                switch (problem)
                {
                    case PolicyFileProblem.NotFound:
                        _diagnostics.Error(notFound, $"file not found: {display}", where, hint);
                        return;
                    case PolicyFileProblem.Directory:
                        _diagnostics.Error(notFound, $"{display} is a directory, not a file", where,
                            includedFrom is null ? null : "include a constitution file, not a folder");
                        return;
                    case PolicyFileProblem.NotRegular:
                        _diagnostics.Error(DiagnosticCodes.FileNotFound, $"{display} is empty or is not a regular file (a device, pipe or socket)",
                            where,
                            "an include must name a constitution file");
                        return;
                    case PolicyFileProblem.TooLarge:
                        var length = size < 0 ? $"more than {MaxFileBytes:N0}" : $"{size:N0}";
                        _diagnostics.Error(DiagnosticCodes.InputTooLarge, $"file is {length} bytes; the limit is {MaxFileBytes:N0}", where);
                        return;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _diagnostics.Error(DiagnosticCodes.FileNotFound, $"cannot read {display}: {ex.Message}", where);
                return;
            }

            if (Utf8Text.FindInvalid(bytes) is { } bad)
            {
                _diagnostics.Error(DiagnosticCodes.InvalidEncoding,
                    $"the file is not valid UTF-8: byte 0x{bytes[bad.Offset]:X2} at this position cannot be decoded",
                    new SourceLocation(display, bad.Line, bad.Column),
                    "save the file as UTF-8 (it looks like Latin-1 or Windows-1252 text)");
                return;
            }

            LoadDocument(Utf8Text.Decode(bytes), display, fullPath, includedFrom);
        }

        private void ReadIncludes(YamlNodeReader r, YamlNode value, string fullPath)
        {
            if (_options.Includes == IncludeMode.None)
            {
                // Nothing is resolved or read, so no answer tells whether some path exists.
                r.Diagnostics.Error(DiagnosticCodes.IncludeNotAllowed, "a policy sent over the API cannot include files", r.At(value),
                    "put the rules of the included file into this policy");
                return;
            }

            var folder = _options.Includes == IncludeMode.Folder;
            var dir = folder ? Path.GetFullPath(_options.IncludeFolder!) : Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
            foreach (var (path, node) in r.StringList(value, "include"))
            {
                if (string.IsNullOrWhiteSpace(path))
                {
                    r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "include path is empty", r.At(node));
                    continue;
                }

                if (folder && !IsPlainFileName(path))
                {
                    r.Diagnostics.Error(DiagnosticCodes.IncludeNotAllowed, $"include '{YamlNodeReader.Shorten(path)}' is not a plain file name",
                        r.At(node),
                        "only files of the include folder can be included: write the file's name alone, e.g. 'base.yaml'");
                    continue;
                }

                var target = Path.GetFullPath(Path.Combine(dir, path));
                LoadFile(target, folder ? path : DisplayPath(target), r.At(node));
            }
        }
    }
}
