using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AlignLab.Constitutions;

/// <summary>
/// Wraps YamlDotNet's event parser (a state machine, not recursive) and stops with a <see cref="YamlLimitException"/>
/// at the offending event before the representation model, which recurses once per level, sees a document that is
/// nested too deeply. Aliases count as the collection they stand for: an alias to a deep anchor nests as deep as
/// the anchor, an alias to a collection it is inside (a cycle) is refused, and the nodes that aliases repeat are
/// counted so that an "alias bomb" under a mapping key (which YamlDotNet hashes recursively) cannot run for minutes.
/// </summary>
internal sealed class NestingGuardParser(IParser inner, int maxDepth, long maxAliasNodes) : IParser
{
    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (int Height, long Size)> _anchors = new(StringComparer.Ordinal);
    private long _aliasNodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!InnerMoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case DocumentStart or DocumentEnd:
                _anchors.Clear(); // anchors are scoped to their document
                break;
            case MappingStart or SequenceStart:
                Open((NodeEvent)inner.Current);
                break;
            case MappingEnd or SequenceEnd:
                Close();
                break;
            case Scalar scalar:
                Child(scalar.Anchor, height: 0, size: 1);
                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
        }

        return true;
    }

    /// <summary>
    /// The inner parser's next event. YamlDotNet's scanner throws <see cref="InvalidOperationException"/> on some unclosed
    /// flow collections (a '{' left open before the next '- ' item) and its parser <see cref="ArgumentException"/> on a tag that
    /// is not a URI: both are reported as a syntax error after the last event read.
    /// </summary>
    private bool InnerMoveNext()
    {
        try
        {
            return inner.MoveNext();
        }
        catch (InvalidOperationException)
        {
            var at = inner.Current?.End ?? Mark.Empty;
            throw new SyntaxErrorException(at, at, "the YAML cannot be read past this point; is a '{' or '[' left open?");
        }
        catch (ArgumentException ex)
        {
            // e.g. "!!1&![?": the parser's TagName refuses the tag with "Global tags must be valid URIs."
            var at = inner.Current?.End ?? Mark.Empty;
            var reason = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw new SyntaxErrorException(at, at, "the YAML cannot be read past this point: " + reason);
        }
    }

    private void Open(NodeEvent start)
    {
        if (_open.Count + 1 > maxDepth)
        {
            throw new YamlLimitException(start.Start, start.End,
                $"the YAML nests lists and mappings more than {maxDepth} levels deep");
        }

        _open.Push(new Frame(start.Anchor.IsEmpty ? null : start.Anchor.Value));
    }

    private void Close()
    {
        if (_open.Count == 0)
        {
            return;
        }

        var frame = _open.Pop();
        Child(frame.Anchor is null ? AnchorName.Empty : new AnchorName(frame.Anchor), frame.Height + 1, frame.Size + 1);
    }

    private void Alias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (_open.Any(f => f.Anchor == name))
        {
            throw new YamlLimitException(alias.Start, alias.End,
                $"the alias *{name} refers to a list or mapping it is inside, which would make the document infinitely deep");
        }

        if (!_anchors.TryGetValue(name, out var target))
        {
            return; // YamlDotNet reports the unknown anchor with its own position
        }

        if (_open.Count + target.Height > maxDepth)
        {
            throw new YamlLimitException(alias.Start, alias.End,
                $"the alias *{name} nests lists and mappings more than {maxDepth} levels deep");
        }

        _aliasNodes += target.Size;
        if (_aliasNodes > maxAliasNodes)
        {
            throw new YamlLimitException(alias.Start, alias.End,
                $"aliases repeat more than {maxAliasNodes:N0} nodes (are anchors and aliases nested?)");
        }

        Child(AnchorName.Empty, target.Height, target.Size);
    }

    private void Child(AnchorName anchor, int height, long size)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (height, size);
        }

        if (_open.TryPeek(out var parent))
        {
            parent.Height = Math.Max(parent.Height, height);
            parent.Size += size;
        }
    }

    private sealed class Frame(string? anchor)
    {
        public string? Anchor { get; } = anchor;

        public int Height { get; set; }

        public long Size { get; set; }
    }
}
