using AlignLab.Diagnostics;
using AlignLab.IO;

namespace AlignLab.Constitutions.Loading;

/// <summary>Reads a policy file's text: a missing, oversized, irregular or non-UTF-8 file is reported, not thrown.</summary>
internal static class PolicyFileLoader
{
    /// <summary>The file's text, or null when it could not be read (the reason is reported at the include, or at the file).</summary>
    public static string? Read(string fullPath, string display, SourceLocation? includedFrom, IncludeMode includes, DiagnosticBag diagnostics)
    {
        var where = includedFrom ?? SourceLocation.FileOnly(display);
        var notFound = includedFrom is null ? DiagnosticCodes.FileNotFound : DiagnosticCodes.IncludeNotFound;
        var hint = includedFrom is null ? null
            : includes == IncludeMode.Folder ? "an include names a file in the include folder"
            : "paths in 'include' are relative to the including file";
        const long limit = ConstitutionLoader.MaxFileBytes;
        byte[] bytes;
        try
        {
            var problem = PolicyFileReader.Read(fullPath, limit, regularOnly: includedFrom is not null, out bytes, out var size);
            switch (problem)
            {
                case PolicyFileProblem.NotFound:
                    diagnostics.Error(notFound, $"file not found: {display}", where, hint);
                    return null;
                case PolicyFileProblem.Directory:
                    diagnostics.Error(notFound, $"{display} is a directory, not a file", where,
                        includedFrom is null ? null : "include a constitution file, not a folder");
                    return null;
                case PolicyFileProblem.NotRegular:
                    diagnostics.Error(DiagnosticCodes.FileNotFound, $"{display} is empty or is not a regular file (a device, pipe or socket)",
                        where,
                        "an include must name a constitution file");
                    return null;
                case PolicyFileProblem.TooLarge:
                    var length = size < 0 ? $"more than {limit:N0}" : $"{size:N0}";
                    diagnostics.Error(DiagnosticCodes.InputTooLarge, $"file is {length} bytes; the limit is {limit:N0}", where);
                    return null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.FileNotFound, $"cannot read {display}: {ex.Message}", where);
            return null;
        }

        if (Utf8Text.FindInvalid(bytes) is { } bad)
        {
            diagnostics.Error(DiagnosticCodes.InvalidEncoding,
                $"the file is not valid UTF-8: byte 0x{bytes[bad.Offset]:X2} at this position cannot be decoded",
                new SourceLocation(display, bad.Line, bad.Column),
                "save the file as UTF-8 (it looks like Latin-1 or Windows-1252 text)");
            return null;
        }

        return Utf8Text.Decode(bytes);
    }
}
