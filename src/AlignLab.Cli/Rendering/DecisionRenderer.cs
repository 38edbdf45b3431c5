using AlignLab.Constitutions;
using AlignLab.Rules;
using Spectre.Console;

namespace AlignLab.Cli.Rendering;

/// <summary>Readable console views of a decision and its trace.</summary>
internal static class DecisionRenderer
{
    public static void Summary(IAnsiConsole console, Decision d)
    {
        var colour = d.IsBlocking ? "red" : d.Action == AlignmentAction.Allow ? "green" : "yellow";
        console.MarkupLine($"[bold]Decision:[/] [{colour}]{d.Action.ToName()}[/] ({d.Outcome.ToString().ToLowerInvariant()}) at the {d.Stage.ToString().ToLowerInvariant()} stage");
        if (d.DecidingRule is { } rule)
        {
            console.MarkupLine($"[bold]Rule triggered:[/] {Markup.Escape(rule.Rule.Id)} ({rule.Action.ToName()}){(rule.Rule.Category is { } c ? $" [dim]category {c.Id}[/]" : string.Empty)}");
        }
        else if (d.DecidingDetection is { Detector: "classifier_unsafe" } unsafeDet)
        {
            console.MarkupLine($"[bold]Classifier:[/] unsafe {unsafeDet.Score:0.00} ≥ threshold {unsafeDet.Threshold:0.00} "
                + $"({unsafeDet.Action.ToName()}), "
                + $"top category {unsafeDet.Category.Id}");
        }
        else if (d.DecidingDetection is { } det)
        {
            console.MarkupLine($"[bold]Classifier:[/] {det.Category.Id} {det.Score:0.00} ≥ threshold {det.Threshold:0.00} ({det.Action.ToName()})");
        }
        else
        {
            console.MarkupLine("[bold]Rule triggered:[/] none");
        }

        if (d.Scores is { } scores && d.Classifier is { } verdict)
        {
            // The category heads are P(category | unsafe): shown beside unsafe × head, so a benign text's top head is not read
            // as the chance that it is unsafe in that category.
            var (top, p) = scores.TopCategory;
            var window = scores.Window is { } w ? $" [dim](window {w.Start}..{w.End})[/]" : string.Empty;
            var view = verdict.View != "normalized" ? $" [yellow]in the {Markup.Escape(verdict.View)} view[/]" : string.Empty;
            var cmp = verdict.Unsafe >= verdict.Threshold ? "≥" : "<";
            console.MarkupLine($"[bold]Classifier scores:[/] unsafe {scores.Unsafe:0.00} {cmp} threshold {verdict.Threshold:0.00} "
                + $"[dim]({Markup.Escape(verdict.ThresholdSource)})[/]{view}, top category {top.Id} {scores.Unsafe * p:0.00} "
                + $"[dim]({p:0.00} given unsafe)[/]{window}");
        }

        foreach (var m in d.Matches.Skip(d.DecidingRule is null ? 0 : 1))
        {
            console.MarkupLine($"[bold]Also fired:[/] {Markup.Escape(m.Rule.Id)} ({m.Action.ToName()})");
        }

        if (d.Message is not null)
        {
            console.MarkupLine($"[bold]Response:[/] {Markup.Escape(d.Message)}");
        }
        else
        {
            console.MarkupLine("[bold]Response:[/] [dim](allowed: the request would be passed to the model)[/]");
        }

        foreach (var w in d.Warnings)
        {
            console.MarkupLine($"[bold]Warning:[/] {Markup.Escape(w)}");
        }

        foreach (var disclaimer in d.Disclaimers)
        {
            console.MarkupLine($"[bold]Disclaimer:[/] {Markup.Escape(disclaimer)}");
        }

        if (d.RedactedText is not null)
        {
            console.MarkupLine($"[bold]Redacted:[/] {Markup.Escape(Clip(d.RedactedText, 300))}");
        }

        foreach (var f in d.Failures)
        {
            console.MarkupLine($"[bold red]Failure:[/] {Markup.Escape(f)}");
        }
    }

    public static void Trace(IAnsiConsole console, Decision d, string input)
    {
        var tree = new Tree($"[bold]Trace[/] [dim]policy {Markup.Escape(d.PolicyName)}, {d.InputLength:N0} chars{Ctx(d)}[/]");
        var matches = tree.AddNode($"[bold]Rules fired[/] ({d.Matches.Count})");
        foreach (var m in d.Matches)
        {
            var declared = m.Action != m.Rule.Action ? $" [dim](declared {m.Rule.Action.ToName()})[/]" : string.Empty;
            var node = matches.AddNode($"{Markup.Escape(m.Rule.Id)} → {m.Action.ToName()}{declared} [dim]{Markup.Escape(m.Rule.Location.ToString())}[/]");
            foreach (var e in m.Evidence)
            {
                var revealed = e.RevealedBy.Count == 0
                    ? string.Empty
                    : " [yellow]revealed by " + Markup.Escape(string.Join(", ", e.RevealedBy.Select(r => r.Kind.ToString()).Distinct())) + "[/]";
                var ev = node.AddNode($"{e.Role} [bold]\"{Markup.Escape(e.MatchedText)}\"[/] in {e.View} view at {e.OriginalSpan.Start}..{e.OriginalSpan.End}{revealed}");
                ev.AddNode("original: " + Markup.Escape(Highlight(input, e.OriginalSpan.Start, e.OriginalSpan.End)));
                foreach (var r in e.RevealedBy.Take(5))
                {
                    ev.AddNode($"[dim]{r.Kind} at {r.OriginalSpan.Start}..{r.OriginalSpan.End}: {Markup.Escape(r.Detail)}[/]");
                }
            }
        }

        if (d.Classifier is { } verdict)
        {
            var colour = verdict.Acted ? "red" : "green";
            tree.AddNode($"[bold]Classifier[/] [{colour}]{(verdict.Acted ? "acted" : "did not act")}[/]: {Markup.Escape(verdict.Reason)}");
        }

        if (d.Detections.Count > 0)
        {
            var dets = tree.AddNode($"[bold]Classifier detections[/] ({d.Detections.Count})");
            if (d.Scores?.Window is { } window)
            {
                dets.AddNode($"scored on the window at {window.Start}..{window.End} of the {Markup.Escape(d.Scores.View)} view: "
                    + Markup.Escape(Clip(Flatten(input[window.Start..window.End]), 160)));
            }

            foreach (var det in d.Detections)
            {
                var signal = det.Detector == "classifier_unsafe" ? $"unsafe (top category {det.Category.Id})" : det.Category.Id;
                var node = dets.AddNode($"{signal} {det.Score:0.000} ≥ {det.Threshold:0.000} → {det.Action.ToName()}");
                foreach (var p in det.Phrases)
                {
                    node.AddNode($"\"{Markup.Escape(p.Text)}\" at {p.OriginalSpan.Start}..{p.OriginalSpan.End} [dim](+{p.Contribution:0.00} log-odds)[/]");
                }
            }
        }

        if (d.Normalization.Count > 0)
        {
            var norm = tree.AddNode($"[bold]Normalisation[/] ({d.Normalization.Count} change(s))");
            foreach (var group in d.Normalization.GroupBy(e => e.Kind))
            {
                norm.AddNode($"{group.Key}: {group.Count()} [dim]e.g. {Markup.Escape(group.First().Detail)}[/]");
            }
        }

        foreach (var v in d.DecodedViews)
        {
            tree.AddNode($"[bold]Decoded {v.Source}[/] at {v.OriginalSpan.Start}..{v.OriginalSpan.End}: \"{Markup.Escape(Clip(v.Text, 120))}\"");
        }

        tree.AddNode($"[bold]Final:[/] {d.Action.ToName()}: {Markup.Escape(d.Explain())}");
        console.Write(tree);
    }

    private static string Ctx(Decision d) =>
        (d.Context is null ? string.Empty : $", context {d.Context}") + (d.Profile is null ? string.Empty : $", profile {d.Profile}");

    /// <summary>The original text around a span, with the span in »guillemets«.</summary>
    public static string Highlight(string input, int start, int end)
    {
        const int around = 30;
        var from = Math.Max(0, start - around);
        var to = Math.Min(input.Length, end + around);
        var pre = (from > 0 ? "…" : string.Empty) + input[from..start];
        var post = input[end..to] + (to < input.Length ? "…" : string.Empty);
        return Flatten(pre + "»" + input[start..end] + "«" + post);
    }

    private static string Flatten(string s) => s.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
