using AlignLab.Runtime.Redaction;

namespace AlignLab.Runtime.Tests.TestSupport;

/// <summary>A minimal redactor for pipeline tests: words containing '@' and a dot after it.</summary>
internal sealed class EmailOnlyRedactor : ITextRedactor
{
    public IReadOnlyList<RedactionSpan> Find(string text)
    {
        var spans = new List<RedactionSpan>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var word = text[start..i].TrimEnd('.', ',', ';');
            var at = word.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && word.IndexOf('.', at) > at + 1 && !word.EndsWith('@'))
            {
                spans.Add(new RedactionSpan(start, word.Length, "email", "[EMAIL]"));
            }
        }

        return spans;
    }
}
