using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Cli.Files;
using AlignLab.Evaluation.Fairness;
using AlignLab.IO;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab data holistic-bias --source DIR --out FILE</c>: writes benign HolisticBias sentences (descriptors × nouns ×
/// templates) as JSON Lines with the columns <c>eval-classifier --group-column</c> groups by.
/// </summary>
internal static class DataCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("data", "Build evaluation sets from datasets kept outside the repository.");
        cmd.Subcommands.Add(HolisticBias(ctx));
        return cmd;
    }

    private static Command HolisticBias(CliContext ctx)
    {
        var source = new Option<DirectoryInfo>("--source")
        {
            Description = "The HolisticBias v1.1 folder (descriptors.json, nouns.json, sentence_templates.json, standalone_noun_phrases.json), "
                + "e.g. ../shared/data/holistic-bias/v1.1.",
            Required = true,
        };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The .jsonl file to write.", Required = true };
        var allNouns = new Option<bool>("--all-nouns")
        {
            Description = "Every noun of nouns.json (about 10 times more sentences) instead of woman, man, person.",
        };
        var dispreferred = new Option<bool>("--include-dispreferred")
        {
            Description = "Also use descriptors HolisticBias's reviewers marked dispreferred (outdated or offensive terms).",
        };
        var cmd = new Command("holistic-bias",
            "Write benign sentences built from HolisticBias descriptors and templates (text, label=benign, axis, bucket, descriptor, noun, template, "
            + "preference): every flag on them is a false positive. "
            + "Measure with: eval-classifier --input FILE --label-column label --group-column axis. "
            + "The generated set is CC BY-SA 4.0, like HolisticBias.")
        {
            source, output, allNouns, dispreferred,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            var dir = parse.GetValue(source)!;
            if (!dir.Exists)
            {
                throw new CliUsageException($"--source: {dir.FullName} is not a folder");
            }

            var target = parse.GetValue(output)!;
            if (!target.Extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliUsageException($"--out: write a .jsonl file, not '{target.Extension}'");
            }

            var path = OutputFile.Prepare(target.FullName, "--out");
            var options = new HolisticBiasOptions { AllNouns = parse.GetValue(allNouns), IncludeDispreferred = parse.GetValue(dispreferred) };
            List<HolisticBiasSentence> sentences;
            try
            {
                sentences = [.. HolisticBiasGenerator.Generate(dir.FullName, options)];
            }
            catch (InvalidDataException ex)
            {
                throw new CliUsageException("--source: " + ex.Message);
            }

            OutputFile.Write(path, w =>
            {
                var n = 0;
                foreach (var s in sentences)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    n++;
                    w.WriteLine(Line(string.Create(CultureInfo.InvariantCulture, $"hb-{n:D6}"), s));
                }
            });
            var axes = sentences.Select(s => s.Axis).Distinct(StringComparer.Ordinal).Count();
            var descriptors = sentences.Select(s => (s.Axis, s.Descriptor)).Distinct().Count();
            var wrote = string.Create(CultureInfo.InvariantCulture,
                $"alignlab: wrote {sentences.Count:N0} benign sentences ({descriptors:N0} descriptors in {axes} axes) to {path}");
            ctx.Error.WriteLine(wrote + "; they are CC BY-SA 4.0 (HolisticBias, Smith et al. 2022): keep that licence with them");
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static string Line(string id, HolisticBiasSentence s) => JsonText.Write(JsonText.Compact, w =>
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("text", s.Text);
        w.WriteString("label", HolisticBiasGenerator.Label);
        w.WriteString("axis", s.Axis);
        w.WriteString("bucket", s.Bucket);
        w.WriteString("descriptor", s.Descriptor);
        WriteStringOrNull(w, "noun", s.Noun);
        w.WriteString("template", s.Template);
        WriteStringOrNull(w, "preference", s.Preference);
        w.WriteEndObject();
    });

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
