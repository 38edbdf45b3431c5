using System.Globalization;
using System.Text;
using AlignLab.Constitutions;

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

    /// <summary>
    /// A self-contained HTML page: the rules as labelled boxes grouped by what their action does and sorted by priority,
    /// each overlap as a labelled arc from the rule that wins to the rule it overrides (conflicts dashed red), a legend
    /// in the drawing's own colours, and a table of overlaps and precedence conflicts.
    /// </summary>
    public static string ToHtml(RuleGraph graph, string title)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(title);
        return RuleGraphHtml.Write(graph, title);
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
