using System.Globalization;
using System.Net;
using System.Text;
using AlignLab.Constitution;

namespace AlignLab.Rules;

/// <summary>Writes a <see cref="RuleGraph"/> as Mermaid, Graphviz DOT or a self-contained HTML page with an SVG drawing.</summary>
public static class RuleGraphFormatter
{
    /// <summary>Mermaid flowchart source.</summary>
    public static string ToMermaid(RuleGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var sb = new StringBuilder("flowchart LR\n");
        foreach (var r in graph.Rules)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {NodeId(r)}[\"{Escape(r.Id)}<br/><i>{r.Action.ToName()}</i>\"]:::{ClassOf(r.Action)}\n");
        }

        foreach (var o in graph.Overlaps)
        {
            var arrow = o.IsConflict ? "-.->" : "---";
            var (from, to) = o.Winner == o.First ? (o.First, o.Second) : (o.Second, o.First);
            sb.Append(CultureInfo.InvariantCulture, $"  {NodeId(from)} {arrow}|\"{Escape(Label(o))}\"| {NodeId(to)}\n");
        }

        sb.Append("  classDef terminal fill:#fdd,stroke:#b00\n");
        sb.Append("  classDef modify fill:#ffd,stroke:#a80\n");
        sb.Append("  classDef log fill:#eef,stroke:#558\n");
        return sb.ToString();
    }

    /// <summary>Graphviz DOT source.</summary>
    public static string ToDot(RuleGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var sb = new StringBuilder("digraph rules {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        foreach (var r in graph.Rules)
        {
            var fill = ClassOf(r.Action) switch { "terminal" => "#ffdddd", "modify" => "#ffffdd", _ => "#eeeeff" };
            sb.Append(CultureInfo.InvariantCulture, $"  {NodeId(r)} [label=\"{Escape(r.Id)}\\n{r.Action.ToName()}\", fillcolor=\"{fill}\"];\n");
        }

        foreach (var o in graph.Overlaps)
        {
            var (from, to) = o.Winner == o.First ? (o.First, o.Second) : (o.Second, o.First);
            var style = o.IsConflict ? "dashed" : "solid";
            var color = o.IsConflict ? "red" : "gray40";
            sb.Append(CultureInfo.InvariantCulture, $"  {NodeId(from)} -> {NodeId(to)} [label=\"{Escape(Label(o))}\", style={style}, color={color}];\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>A self-contained HTML page: an SVG drawing of the rules (circle layout) and a table of overlaps and precedence conflicts.</summary>
    public static string ToHtml(RuleGraph graph, string title)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.Rules.Count;
        var size = Math.Max(480, 60 * n);
        var radius = (size / 2.0) - 110;
        var centre = size / 2.0;
        var pos = new Dictionary<PolicyRule, (double X, double Y)>();
        for (var i = 0; i < n; i++)
        {
            var angle = (2 * Math.PI * i / Math.Max(1, n)) - (Math.PI / 2);
            pos[graph.Rules[i]] = (centre + (radius * Math.Cos(angle)), centre + (radius * Math.Sin(angle)));
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" role=\"img\" aria-label=\"Rule overlap graph\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#666\"/></marker></defs>");
        foreach (var o in graph.Overlaps)
        {
            var (from, to) = o.Winner == o.First ? (o.First, o.Second) : (o.Second, o.First);
            var (x1, y1) = pos[from];
            var (x2, y2) = pos[to];
            var dash = o.IsConflict ? " stroke-dasharray=\"6 4\"" : string.Empty;
            var colour = o.IsConflict ? "#c00" : "#888";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:F1}\" y1=\"{y1:F1}\" x2=\"{x2:F1}\" y2=\"{y2:F1}\" stroke=\"{colour}\" stroke-width=\"1.5\"{dash} marker-end=\"url(#arrow)\"><title>{WebUtility.HtmlEncode(Label(o))}</title></line>");
        }

        foreach (var r in graph.Rules)
        {
            var (x, y) = pos[r];
            var fill = ClassOf(r.Action) switch { "terminal" => "#fdd", "modify" => "#ffd", _ => "#eef" };
            svg.Append(CultureInfo.InvariantCulture, $"<g><circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"9\" fill=\"{fill}\" stroke=\"#333\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{y + 22:F1}\" text-anchor=\"middle\" font-size=\"11\" font-family=\"sans-serif\">{WebUtility.HtmlEncode(r.Id)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{y + 35:F1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#666\" font-family=\"sans-serif\">{r.Action.ToName()}</text></g>");
        }

        svg.Append("</svg>");

        var rows = new StringBuilder();
        foreach (var o in graph.Overlaps.OrderByDescending(o => o.IsConflict))
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(o.IsConflict ? "conflict" : "overlap")}\"><td>{WebUtility.HtmlEncode(o.First.Id)} ({o.First.Action.ToName()})</td><td>{WebUtility.HtmlEncode(o.Second.Id)} ({o.Second.Action.ToName()})</td><td>{WebUtility.HtmlEncode(string.Join(", ", o.SharedPhrases.Take(12)))}</td><td><b>{WebUtility.HtmlEncode(o.Winner.Id)}</b> ({WebUtility.HtmlEncode(o.Reason)})</td><td>{(o.IsConflict ? "yes" : "no")}</td></tr>");
        }

        var conflicts = graph.Overlaps.Count(o => o.IsConflict);
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}}: rule graph</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
            table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;font-size:.9rem}
            tr.conflict{background:#fff1f1}.legend span{display:inline-block;margin-right:1rem}
            </style></head><body>
            <h1>Rule graph: {{WebUtility.HtmlEncode(title)}}</h1>
            <p>{{n}} rules, {{graph.Overlaps.Count}} overlapping pairs, {{conflicts}} precedence conflicts (overlapping rules with different actions).
            Arrows point from the rule that wins to the rule it overrides; dashed red arrows are conflicts.</p>
            <p class="legend"><span>● red: redirect/refuse/escalate/block</span><span>● yellow: disclaimer/warning/redact</span><span>● blue: log/allow</span></p>
            {{svg}}
            <h2>Overlaps</h2>
            <table><thead><tr><th>Rule</th><th>Rule</th><th>Shared trigger phrases</th><th>Wins</th><th>Conflict</th></tr></thead><tbody>
            {{rows}}
            </tbody></table>
            </body></html>
            """;
    }

    private static string Label(RuleOverlap o) =>
        string.Join(", ", o.SharedPhrases.Take(3)) + (o.SharedPhrases.Count > 3 ? ", …" : string.Empty);

    private static string NodeId(PolicyRule r)
    {
        var sb = new StringBuilder("r_");
        foreach (var c in r.Id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return sb.Append(CultureInfo.InvariantCulture, $"_{r.Order}").ToString();
    }

    private static string ClassOf(AlignmentAction a) =>
        a.IsTerminal() ? "terminal" : a is AlignmentAction.AddDisclaimer or AlignmentAction.AddWarning or AlignmentAction.Redact ? "modify" : "log";

    private static string Escape(string s) => s.Replace("\"", "'", StringComparison.Ordinal);
}
