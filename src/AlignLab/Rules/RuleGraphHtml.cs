using System.Globalization;
using System.Net;
using System.Text;
using AlignLab.Constitutions;

namespace AlignLab.Rules;

/// <summary>
/// The HTML page of <see cref="RuleGraphFormatter.ToHtml"/>: the rules as labelled boxes, one row each, grouped by what
/// their action does (stop the exchange, change the answer, only log) and sorted by priority; every overlap as an arc on
/// the right from the rule that wins to the rule it overrides, labelled with the trigger phrases the two share; a legend
/// that shows the real colours and line styles; and the table of overlaps.
/// </summary>
internal static class RuleGraphHtml
{
    private const int Left = 16;
    private const int Top = 12;
    private const int BoxWidth = 460;
    private const int BoxHeight = 26;
    private const int RowHeight = 32;
    private const int GroupHeight = 30;
    private const int LabelChars = 40;

    private static readonly Group[] Groups =
    [
        new("terminal", "Stop the exchange", "block, escalate, refuse, redirect", "#fde4e2", "#b42318"),
        new("modify", "Change the answer", "disclaimer, warning, redaction", "#fff3cf", "#9a6700"),
        new("log", "Only record", "log only, allow", "#e6ecfb", "#2f5bd3"),
    ];

    public static string Write(RuleGraph graph, string title)
    {
        var svg = Drawing(graph);
        var conflicts = graph.Overlaps.Count(o => o.IsConflict);
        var table = new StringBuilder();
        foreach (var o in graph.Overlaps.OrderByDescending(o => o.IsConflict))
        {
            Add(table, $"<tr class=\"{(o.IsConflict ? "conflict" : "overlap")}\">");
            Add(table, $"<td>{E(o.First.Id)} ({o.First.Action.ToName()})</td><td>{E(o.Second.Id)} ({o.Second.Action.ToName()})</td>");
            Add(table, $"<td>{E(string.Join(", ", o.SharedPhrases.Take(12)))}</td>");
            Add(table, $"<td><b>{E(o.Winner.Id)}</b> ({E(o.Reason)})</td><td>{(o.IsConflict ? "yes" : "no")}</td></tr>");
        }

        var legend = new StringBuilder();
        foreach (var g in Groups)
        {
            Add(legend, $"<li><span class=\"swatch {g.Css}\"></span>{E(g.Title)}: {E(g.Actions)}</li>");
        }

        legend.Append(EdgeSample("conflict", "#b42318"))
            .Append("conflict: the two rules ask for different actions; the arrow points from the rule whose action is taken ")
            .Append("to the one it overrides</li>")
            .Append(EdgeSample("overlap", "#6b7280"))
            .Append("overlap with the same action: the arrow points from the rule whose message is used</li>")
            .Append("<li><span class=\"phrase-sample\">bomb, pipe bomb</span>beside each arc, joined to it by a dotted line: ")
            .Append("the trigger phrases both rules match (hover an arc or a rule for details)</li>");

        var overlaps = graph.Overlaps.Count == 0
            ? "<p>No two rules share a trigger phrase, so no rule can override another.</p>"
            : "<h2>Overlaps</h2>\n<table><thead><tr><th>Rule</th><th>Rule</th><th>Shared trigger phrases</th><th>Wins</th><th>Conflict</th></tr>"
                + $"</thead><tbody>\n{table}\n</tbody></table>";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}: rule graph</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2330;line-height:1.4}
            table{border-collapse:collapse;margin-top:1rem}
            td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;font-size:.9rem}
            tr.conflict{background:#fff1f1}
            ul.legend{list-style:none;padding:0;margin:.5rem 0 1rem;font-size:.9rem}
            ul.legend li{margin:.25rem 0;display:flex;align-items:center;gap:.5rem}
            .swatch{display:inline-block;width:1.6rem;height:.9rem;border-radius:3px;border:1.5px solid}
            .terminal{background:#fde4e2;border-color:#b42318}
            .modify{background:#fff3cf;border-color:#9a6700}
            .log{background:#e6ecfb;border-color:#2f5bd3}
            .edge-sample{flex:none}
            .phrase-sample{font-size:11px;color:#374151;border:1px dotted #9ca3af;padding:0 .3rem;border-radius:3px}
            .edge{fill:none;stroke-width:1.6}.edge.conflict{stroke:#b42318;stroke-dasharray:6 4}.edge.overlap{stroke:#6b7280}
            svg.graph{display:block;max-width:100%;height:auto;border:1px solid #dde1e8;border-radius:8px;background:#fbfcfd}
            svg.graph text{font-family:system-ui,sans-serif}
            </style></head><body>
            <h1>Rule graph: {{E(title)}}</h1>
            <p>{{graph.Rules.Count}} rules, {{graph.Overlaps.Count}} overlapping pairs, {{conflicts}} precedence conflicts
            (overlapping rules with different actions). Rules are grouped by what their action does and sorted by priority,
            highest first; when two rules share trigger phrases, an arc on the right joins them.</p>
            <ul class="legend">{{legend}}</ul>
            {{svg}}
            {{overlaps}}
            </body></html>
            """;
    }

    private static string Drawing(RuleGraph graph)
    {
        var y = Top;
        var rowOf = new Dictionary<PolicyRule, (int Y, int Row)>();
        var body = new StringBuilder();
        var row = 0;
        foreach (var g in Groups)
        {
            var rules = graph.Rules.Where(r => GroupOf(r.Action) == g.Css)
                .OrderByDescending(r => r.Priority).ThenByDescending(r => r.Severity).ThenBy(r => r.Order).ToList();
            if (rules.Count == 0)
            {
                continue;
            }

            Add(body, $"<g class=\"group\"><rect x=\"{Left}\" y=\"{y + 9}\" width=\"12\" height=\"12\" rx=\"2\" ");
            Add(body, $"fill=\"{g.Fill}\" stroke=\"{g.Stroke}\"/>");
            Add(body, $"<text x=\"{Left + 18}\" y=\"{y + 19}\" font-size=\"12\" font-weight=\"600\" fill=\"{g.Stroke}\">");
            Add(body, $"{E(g.Title)} ({rules.Count})<title>{E(g.Actions)}</title></text></g>");
            y += GroupHeight;
            foreach (var r in rules)
            {
                var mid = y + (RowHeight / 2);
                rowOf[r] = (mid, row++);
                var detail = $"{r.Action.ToName()} · p{r.Priority} · {r.Severity.ToString().ToLowerInvariant()}";
                var room = (int)((BoxWidth - 30 - (detail.Length * 6.2)) / 7.6); // bold 12 px ids, 10.5 px details
                var id = r.Id.Length > room ? r.Id[..Math.Max(4, room - 1)] + "…" : r.Id;
                Add(body, $"<g class=\"rule\" data-rule=\"{E(r.Id)}\"><title>{E(RuleTitle(r))}</title>");
                Add(body, $"<rect x=\"{Left}\" y=\"{mid - (BoxHeight / 2)}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"5\" ");
                Add(body, $"fill=\"{(r.Enabled ? g.Fill : "#f0f1f4")}\" stroke=\"{g.Stroke}\"/>");
                Add(body, $"<text x=\"{Left + 9}\" y=\"{mid + 4}\" font-size=\"12\" font-weight=\"600\" fill=\"#1d2330\">");
                Add(body, $"{E(id)}{(r.Enabled ? "" : " (off)")}</text>");
                Add(body, $"<text x=\"{Left + BoxWidth - 8}\" y=\"{mid + 4}\" font-size=\"10.5\" text-anchor=\"end\" fill=\"#4b5563\">");
                Add(body, $"{E(detail)}</text></g>");
                y += RowHeight;
            }
        }

        // Arcs on the right of the boxes, longer spans further out; each arc's phrases in a column right of every arc,
        // at the arc's middle (pushed down when two would overlap), joined to the arc's outermost point by a dotted line.
        var x0 = Left + BoxWidth;
        var arcs = graph.Overlaps.Select(o =>
        {
            var loser = o.Winner == o.First ? o.Second : o.First;
            var (yw, rw) = rowOf[o.Winner];
            var (yl, rl) = rowOf[loser];
            return (Overlap: o, Loser: loser, Yw: yw, Yl: yl, Bulge: Math.Min(420, 40 + (Math.Abs(rw - rl) * 16)));
        }).OrderByDescending(a => a.Bulge).ToList();
        var labelX = x0 + (arcs.Count == 0 ? 0 : arcs.Max(a => 0.75 * a.Bulge)) + 28;
        var right = x0 + 40;
        var lastLabelY = double.MinValue;
        var edges = new StringBuilder();
        var labels = new StringBuilder();
        foreach (var a in arcs)
        {
            var css = a.Overlap.IsConflict ? "conflict" : "overlap";
            var instead = a.Overlap.IsConflict ? $": {a.Overlap.Winner.Action.ToName()} instead of {a.Loser.Action.ToName()}" : "";
            var tip = $"{a.Overlap.Winner.Id} wins over {a.Loser.Id} ({a.Overlap.Reason}){instead}; shared: {Phrases(a.Overlap, 12)}";
            Add(edges, $"<path class=\"edge {css}\" d=\"M {x0} {a.Yw} C {x0 + a.Bulge} {a.Yw}, {x0 + a.Bulge} {a.Yl}, {x0 + 8} {a.Yl}\" ");
            Add(edges, $"marker-end=\"url(#arrow-{css})\"><title>{E(tip)}</title></path>");
        }

        foreach (var a in arcs.OrderBy(a => (a.Yw + a.Yl) / 2.0))
        {
            var mid = (a.Yw + a.Yl) / 2.0;
            var ly = Math.Max(mid, lastLabelY + 16);
            lastLabelY = ly;
            var apex = x0 + (0.75 * a.Bulge);
            var text = Shorten(Phrases(a.Overlap, 3) + (a.Overlap.SharedPhrases.Count > 3 ? ", …" : ""));
            Add(labels, $"<line class=\"leader\" x1=\"{apex:F0}\" y1=\"{mid:F0}\" x2=\"{labelX - 4:F0}\" y2=\"{ly:F0}\" ");
            Add(labels, $"stroke=\"#9ca3af\" stroke-dasharray=\"1 3\"/>");
            Add(labels, $"<text class=\"phrases\" x=\"{labelX:F0}\" y=\"{ly + 4:F0}\" font-size=\"11\" fill=\"#374151\">{E(text)}");
            Add(labels, $"<title>{E(a.Overlap.First.Id)} and {E(a.Overlap.Second.Id)} share: {E(Phrases(a.Overlap, 12))}</title></text>");
            right = Math.Max(right, (int)(labelX + (text.Length * 6.5) + 16));
        }

        var width = Math.Max(640, right);
        var height = (int)Math.Max(y + Top, lastLabelY + 16);
        var svg = new StringBuilder();
        Add(svg, $"<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" ");
        Add(svg, $"width=\"{width}\" height=\"{height}\" ");
        svg.Append("role=\"img\" aria-label=\"Rules and the trigger phrases they share\">");
        svg.Append("<defs>");
        foreach (var (css, colour) in new[] { ("conflict", "#b42318"), ("overlap", "#6b7280") })
        {
            Add(svg, $"<marker id=\"arrow-{css}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" ");
            Add(svg, $"orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{colour}\"/></marker>");
        }

        svg.Append("</defs>").Append(edges).Append(body).Append(labels).Append("</svg>");
        return svg.ToString();
    }

    private static string RuleTitle(PolicyRule r) =>
        $"{r.Id}: {r.Action.ToName()}, priority {r.Priority}, severity {r.Severity.ToString().ToLowerInvariant()}"
        + $"{(r.Category is { } c ? ", category " + c.Id : "")}, {r.Location}";

    private static string Phrases(RuleOverlap o, int count) => string.Join(", ", o.SharedPhrases.Take(count));

    private static string EdgeSample(string css, string colour) =>
        "<li><svg class=\"edge-sample\" width=\"44\" height=\"12\" aria-hidden=\"true\">"
        + $"<line x1=\"2\" y1=\"6\" x2=\"36\" y2=\"6\" class=\"edge {css}\"/>"
        + $"<path d=\"M 34 2 L 42 6 L 34 10 z\" fill=\"{colour}\"/></svg>";

    private static void Add(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture));

    private static string GroupOf(AlignmentAction a) =>
        a.IsTerminal() ? "terminal"
        : a is AlignmentAction.AddDisclaimer or AlignmentAction.AddWarning or AlignmentAction.Redact ? "modify"
        : "log";

    private static string Shorten(string s) => s.Length > LabelChars ? s[..(LabelChars - 1)] + "…" : s;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private sealed record Group(string Css, string Title, string Actions, string Fill, string Stroke);
}
