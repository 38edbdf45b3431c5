using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Classification;
using AlignLab.Cli.Files;
using AlignLab.Encoders.Onnx;
using AlignLab.Encoders.Tiers;
using Spectre.Console;
using AlignLab.IO;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab classify "text"</c>: per-category probabilities, confidence and the phrases behind the score.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CliContext ctx)
    {
        var text = new Argument<string?>("text") { Description = "Text to classify.", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model", "-m") { Description = "Model file (default: the embedded model)." };
        var json = CommonOptions.Json();
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Classify every record of a .csv, .jsonl or .txt file (streamed)." };
        var textColumn = new Option<string>("--text-column") { Description = "Column (csv) or field (jsonl) holding the text.", DefaultValueFactory = _ => "text" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "With --input: write scores as JSON Lines here (default: standard output)." };
        var maxRecordChars = CommonOptions.MaxRecordChars();
        var allTiers = new Option<bool>("--all-tiers")
        {
            Description = "Turn on every available tier: the contextual tier (all-MiniLM-L6-v2 + trained heads, on every text) after the fast "
                + "classifier; unsafe and flagged are then the deciding tier's. Loads a 90 MB encoder (about a second).",
        };
        var encoderFolder = new Option<DirectoryInfo?>("--encoder") { Description = "With --all-tiers: a folder holding model.onnx and vocab.txt (default: the bundled encoder)." };
        var cmd = new Command("classify", "Score text with the safety classifier: unsafe and per-category probabilities, with the phrases that drove them.")
        {
            text, model, json, input, textColumn, output, maxRecordChars, allTiers, encoderFolder,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(input) is { } file)
            {
                if (parse.GetValue(text) is not null)
                {
                    throw new CliUsageException("give either a text argument or --input FILE, not both");
                }

                if (!file.Exists)
                {
                    throw new CliUsageException($"--input: file not found: {file.FullName}");
                }

                var maxChars = CommonOptions.MaxRecordCharsValue(parse, maxRecordChars);
                var outPath = parse.GetValue(output) is { } o ? OutputFile.Prepare(o.FullName, "--output", (file.FullName, "--input file")) : null;
                var fileClassifier = ModelSource.Load(parse.GetValue(model));
                using var fileTier = parse.GetValue(allTiers) ? LoadTier(fileClassifier, parse.GetValue(encoderFolder)) : null;
                return Task.FromResult(ClassifyFile(ctx, fileClassifier, fileTier, file, parse.GetValue(textColumn)!, maxChars, outPath, cancellationToken));
            }

            if (parse.GetValue(output) is not null)
            {
                throw new CliUsageException("--output applies to --input FILE; a single text is printed to standard output");
            }

            var classifier = ModelSource.Load(parse.GetValue(model));
            var value = parse.GetValue(text) ?? throw new CliUsageException("nothing to classify: give a text argument or --input FILE");
            using var tier = parse.GetValue(allTiers) ? LoadTier(classifier, parse.GetValue(encoderFolder)) : null;
            var explanation = classifier.Explain(value);
            var contextual = tier?.Score(value);
            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(ToJson(explanation, classifier, contextual));
            }
            else
            {
                Render(ctx.Console, value, explanation, classifier);
                if (contextual is not null)
                {
                    RenderTiers(ctx.Console, contextual);
                }
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    /// <summary>
    /// The tiers --all-tiers turns on. The contextual tier is consulted on every text there (not only on the fast tier's
    /// uncertain band): leave-one-source-out, always-on did at least as well as the band (docs/CONTEXTUAL.md).
    /// </summary>
    internal static ContextualTier LoadTier(SafetyClassifier classifier, DirectoryInfo? encoderFolder)
    {
        try
        {
            return ContextualTier.Load(classifier, ContextualTierOptions.EveryText, encoderFolder?.FullName);
        }
        catch (EncoderLoadException ex)
        {
            throw new CliUsageException($"--all-tiers: {ex.Message}");
        }
    }

    internal static string ToJson(Explanation e, SafetyClassifier classifier, ContextualScores? contextual = null)
    {
        return JsonText.Write(JsonText.Indented, w =>
        {
            WriteScores(w, e, classifier, contextual: contextual);
        });
    }

    internal static void WriteScores(Utf8JsonWriter w, Explanation e, SafetyClassifier classifier, string? id = null, ContextualScores? contextual = null)
    {
        w.WriteStartObject();
        if (id is not null)
        {
            w.WriteString("id", id);
        }

        // With --all-tiers, unsafe/flagged/threshold are the deciding tier's; "tiers" keeps each tier's own score.
        w.WriteNumber("unsafe", Math.Round(contextual?.Unsafe ?? e.Scores.Unsafe, 4));
        w.WriteBoolean("flagged", contextual?.Flagged ?? e.Scores.Unsafe >= classifier.UnsafeThreshold);
        w.WriteNumber("threshold", Math.Round(contextual?.Threshold ?? classifier.UnsafeThreshold, 4));
        if (contextual is not null)
        {
            w.WriteStartObject("tiers");
            w.WriteNumber("fast", Math.Round(contextual.Fast.Unsafe, 4));
            w.WriteNumber("fast_threshold", Math.Round(classifier.UnsafeThreshold, 4));
            if (contextual.Stacked is { } stacked)
            {
                w.WriteNumber("contextual", Math.Round(stacked, 4));
            }
            else
            {
                w.WriteNull("contextual");
            }

            w.WriteString("decided_by", contextual.DecidedBy);
            w.WriteEndObject();
        }

        w.WriteNumber("confidence", Math.Round(e.Confidence, 4));
        w.WriteString("view", e.Scores.View);
        w.WriteStartObject("categories");
        for (var i = 1; i < SafetyLabels.Count; i++)
        {
            w.WriteNumber(SafetyLabels.Names[i], Math.Round(e.Scores[i], 4));
        }

        w.WriteEndObject();

        // Added (categories keeps its meaning, the heads' scores): each head read as P(category | unsafe), as the guard
        // reads it, times the unsafe score: the probability that the text is unsafe in that category.
        w.WriteStartObject("categories_joint");
        for (var i = 1; i < SafetyLabels.Count; i++)
        {
            w.WriteNumber(SafetyLabels.Names[i], Math.Round(Joint(e.Scores, i), 4));
        }

        w.WriteEndObject();
        PhraseJson.Write(w, "top_phrases", e.TopPhrases);
        w.WriteEndObject();
    }

    /// <summary>Width of a category bar, in characters, for a probability of 1.</summary>
    internal const int BarWidth = 40;

    /// <summary>P(category) = unsafe × P(category | unsafe), the head's score read as conditional on the text being unsafe.</summary>
    internal static double Joint(SafetyScores scores, int index) => (double)scores.Unsafe * scores[index];

    /// <summary>Unsafe at its threshold and the category head at the model's own threshold for it (a policy sets its own category thresholds).</summary>
    private static bool OverThresholds(SafetyScores scores, int index, SafetyClassifier classifier) =>
        scores.Unsafe >= classifier.UnsafeThreshold && scores[index] >= classifier.Model.Thresholds[index];

    /// <summary>A bar on a fixed 0–1 scale: round(p × <see cref="BarWidth"/>) full blocks, the rest of the scale shaded.</summary>
    internal static string Bar(double p)
    {
        var full = (int)Math.Round(Math.Clamp(p, 0, 1) * BarWidth, MidpointRounding.AwayFromZero);
        return new string('█', full) + new string('░', BarWidth - full);
    }

    private static void RenderTiers(IAnsiConsole console, ContextualScores c)
    {
        var color = c.Flagged ? "red" : "green";
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]All tiers:[/] [{color}]{(c.Flagged ? "flagged" : "not flagged")}[/] by the {c.DecidedBy} tier: unsafe {c.Unsafe:0.000} "
            + $"(threshold {c.Threshold:0.000}; fast tier alone {c.Fast.Unsafe:0.000})"));
    }

    private static void Render(IAnsiConsole console, string text, Explanation e, SafetyClassifier classifier)
    {
        var flagged = e.Scores.Unsafe >= classifier.UnsafeThreshold;
        console.MarkupLine($"[bold]Unsafe:[/] [{(flagged ? "red" : "green")}]{e.Scores.Unsafe:0.000}[/] (threshold {classifier.UnsafeThreshold:0.000}, confidence {e.Confidence:0.00}){(e.Scores.View != "normalized" ? $" [yellow]via {e.Scores.View} view[/]" : string.Empty)}");
        // Category heads say which harm an unsafe text is (the guard reads them only once unsafe reaches its
        // threshold); printed alone they gave "..." code_interpreter_abuse 0.84. Each is shown times the unsafe score.
        console.MarkupLine("[bold]Categories[/]: P(category) = unsafe × P(category | unsafe), on a fixed 0–1 scale; red when unsafe and the category "
            + "are both over the model's thresholds (a policy sets its own category thresholds: alignlab check shows what the guard does)");
        var width = SafetyLabels.Names.Skip(1).Max(n => n.Length);
        for (var i = 1; i < SafetyLabels.Count; i++)
        {
            var joint = Joint(e.Scores, i);
            var color = OverThresholds(e.Scores, i, classifier) ? "red" : "grey";
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"  {SafetyLabels.Names[i].PadLeft(width)} [{color}]{Bar(joint)}[/] {joint:0.00}  [dim]({e.Scores[i]:0.00} given unsafe)[/]"));
        }

        if (!flagged)
        {
            console.MarkupLine("[dim]  unsafe is below its threshold, so the guard reads no category for this text[/]");
        }

        if (e.TopPhrases.Count > 0)
        {
            console.MarkupLine("[bold]Phrases behind the score:[/] " + Highlight(text, e.TopPhrases));
            foreach (var p in e.TopPhrases)
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"  \"{Markup.Escape(p.Text)}\" at {p.OriginalSpan.Start}..{p.OriginalSpan.End}: +{p.Contribution:0.00} log-odds"));
            }
        }
    }

    private static string Highlight(string text, IReadOnlyList<PhraseContribution> phrases)
    {
        var spans = phrases.Select(p => p.OriginalSpan).OrderBy(s => s.Start).ToList();
        var sb = new System.Text.StringBuilder();
        var pos = 0;
        foreach (var s in spans)
        {
            if (s.Start < pos)
            {
                continue;
            }

            sb.Append(Markup.Escape(text[pos..s.Start])).Append("[black on yellow]").Append(Markup.Escape(text.Substring(s.Start, s.Length))).Append("[/]");
            pos = s.End;
        }

        return sb.Append(Markup.Escape(text[pos..])).ToString();
    }

    private static int ClassifyFile(CliContext ctx, SafetyClassifier classifier, ContextualTier? tier, FileInfo file, string textColumn, int maxRecordChars, string? output,
        CancellationToken cancellationToken)
    {
        var count = 0;
        var flagged = 0;
        void Classify(TextWriter target)
        {
            try
            {
                foreach (var record in TabularInput.Read(file, textColumn, labelColumn: null, maxRecordChars: maxRecordChars))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var e = classifier.Explain(record.Text, maxPhrases: 3);
                    var contextual = tier?.Score(record.Text);
                    target.WriteLine(JsonText.Write(JsonText.Compact, w =>
                    {
                        WriteScores(w, e, classifier, record.Id, contextual);
                    }));
                    count++;
                    if (contextual?.Flagged ?? e.Scores.Unsafe >= classifier.UnsafeThreshold)
                    {
                        flagged++;
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
            {
                throw new CliUsageException(ex.Message.StartsWith(file.Name, StringComparison.Ordinal) ? ex.Message : $"{file.Name}: {ex.Message}");
            }
        }

        if (output is null)
        {
            Classify(ctx.Output);
        }
        else
        {
            OutputFile.Write(output, Classify);
        }

        ctx.Error.WriteLine($"classified {count:N0} record(s), {flagged:N0} flagged unsafe" + (output is null ? string.Empty : $"; wrote {output}"));
        return ExitCodes.Ok;
    }
}
