using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions;

/// <summary>
/// Loads YAML into YamlDotNet's representation model without letting hostile input crash the process:
/// the model recurses once per nesting level (40,000 '[' overflow the stack, which no handler can catch), and
/// hashes mapping keys recursively (an alias cycle or alias bomb used as a key never returns). The event parser
/// is wrapped so that such a document stops with a <see cref="YamlLimitException"/> at the event's line and
/// column before the model is built.
/// </summary>
internal static class BoundedYaml
{
    /// <summary>Default nesting depth: lists and mappings inside each other.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Nodes that aliases may repeat, in all, in one stream.</summary>
    public const long MaxAliasNodes = 1_000_000;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="YamlException"/> (a <see cref="YamlLimitException"/> for a limit).</summary>
    public static YamlStream Load(string text, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        var stream = new YamlStream();
        var parser = new NestingGuardParser(new Parser(new StringReader(text)), maxDepth, MaxAliasNodes);
        try
        {
            stream.Load(parser);
        }
        catch (ArgumentException ex) when (ex.ParamName == "parser")
        {
            // YamlDotNet's model meets an event it cannot build a node from (" : b*@}" does it): a syntax error, not a crash.
            var at = parser.Current?.Start ?? Mark.Empty;
            var guess = parser.Current switch
            {
                MappingEnd => "; is there a '}' without its '{'?",
                SequenceEnd => "; is there a ']' without its '['?",
                _ => "",
            };
            throw new SyntaxErrorException(at, at, "the YAML cannot be read here" + guess);
        }

        return stream;
    }
}
