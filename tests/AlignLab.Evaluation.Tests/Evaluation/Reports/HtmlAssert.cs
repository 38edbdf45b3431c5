using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

/// <summary>Structural checks on generated HTML: well-formed, only our own tags, no event handlers, one known script.</summary>
internal static partial class HtmlAssert
{
    private static readonly HashSet<string> s_allowedTags = new(StringComparer.Ordinal)
    {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "code", "dl", "dt", "dd", "span", "b",
        "section", "table", "thead", "tbody", "tr", "th", "td", "div", "figure", "figcaption", "details", "summary", "label",
        "input", "select", "option", "footer", "script", "i", "colgroup", "col", "wbr",
        "svg", "desc", "rect", "line", "text", "path", "polyline", "polygon", "circle",
    };

    /// <summary>Asserts the page is well-formed XML once our script is taken out, and returns it parsed.</summary>
    public static XDocument WellFormed(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        var ours = "<script>" + HtmlPage.Script + "</script>";
        Assert.Equal(1, Count(html, ours));
        var withoutScript = html.Replace(ours, string.Empty, StringComparison.Ordinal);
        using var reader = XmlReader.Create(new StringReader(withoutScript), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    /// <summary>Asserts only expected tags appear, no tag carries an event handler or URL, and the only script is ours.</summary>
    public static void NothingExecutable(string html)
    {
        var ours = "<script>" + HtmlPage.Script + "</script>";
        var rest = html.Replace(ours, string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", rest, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in Tag().Matches(rest))
        {
            var name = m.Groups[1].Value;
            Assert.True(s_allowedTags.Contains(name), $"unexpected tag <{name}> in: {m.Value}");

            // Attribute values are quoted and cannot contain a raw quote (data is escaped); what remains are the names.
            var names = Quoted().Replace(m.Value, "\"\"");
            Assert.DoesNotContain("'", names, StringComparison.Ordinal);
            Assert.False(Handler().IsMatch(names), "event handler attribute in tag: " + m.Value);
            Assert.DoesNotContain("href", names, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" src", names, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("style=", names, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Every &lt;svg&gt; fragment parses as XML on its own, has a title, a desc and a visible title text; returns them.</summary>
    public static List<XElement> Svgs(string html)
    {
        Assert.Equal(Count(html, "<svg"), Count(html, "</svg>"));
        var list = new List<XElement>();
        foreach (Match m in Svg().Matches(html))
        {
            var svg = XElement.Parse(m.Value);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Name);
            Assert.False(string.IsNullOrWhiteSpace(svg.Element(ns + "title")?.Value), "svg without <title>: " + m.Value[..Math.Min(200, m.Value.Length)]);
            Assert.False(string.IsNullOrWhiteSpace(svg.Element(ns + "desc")?.Value), "svg without <desc>");
            Assert.Contains(svg.Elements(ns + "text"), t => t.Attribute("font-weight")?.Value == "bold");
            list.Add(svg);
        }

        return list;
    }

    public static int Count(string s, string what)
    {
        var n = 0;
        for (var i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    [GeneratedRegex(@"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex Handler();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"<svg\b.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();
}
