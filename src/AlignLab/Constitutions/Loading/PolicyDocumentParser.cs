using AlignLab.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>Parses a policy document's text within the size and depth limits; a problem is reported, never thrown.</summary>
internal static class PolicyDocumentParser
{
    /// <summary>The first document's root node, or null when the text is too large, empty, too deep or not YAML.</summary>
    public static YamlNode? Parse(string text, string display, int maxDepth, DiagnosticBag diagnostics)
    {
        if (text.Length > ConstitutionLoader.MaxFileBytes)
        {
            diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"document is {text.Length:N0} characters; the limit is {ConstitutionLoader.MaxFileBytes:N0}", SourceLocation.FileOnly(display));
            return null;
        }

        try
        {
            var stream = BoundedYaml.Load(text, maxDepth);
            if (stream.Documents.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.MissingRequired, "the file is empty", new SourceLocation(display, 1, 1),
                    "start with 'constitutional_ai:'");
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode.Start;
                diagnostics.Warning(DiagnosticCodes.InvalidValue, "only the first YAML document is read; the rest are ignored",
                    new SourceLocation(display, (int)second.Line, (int)second.Column));
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlLimitException ex)
        {
            diagnostics.Error(DiagnosticCodes.InputTooLarge, ex.Reason, new SourceLocation(display, (int)ex.Start.Line, (int)ex.Start.Column),
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

            diagnostics.Error(DiagnosticCodes.YamlSyntax, "YAML syntax error: " + message,
                new SourceLocation(display, (int)ex.Start.Line, (int)ex.Start.Column), "check indentation and quoting around this position");
            return null;
        }
    }
}
