using System.CommandLine;
using AlignLab.Cli.Rendering;
using AlignLab.Constitutions;
using AlignLab.Encoders.Tiers;
using AlignLab.IO;
using AlignLab.Rules;
using AlignLab.Runtime;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab check "prompt"</c>: run the constitution over one text and say what it decides and why.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext ctx)
    {
        var text = new Argument<string?>("text") { Description = "The text to check (a user prompt, or a response with --stage output).", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read the text from a file instead ('-' for standard input is not supported; use a file)." };
        var policy = CommonOptions.Policy();
        var stage = new Option<string>("--stage") { Description = "Stage to check: input, streaming or output.", DefaultValueFactory = _ => "input" };
        stage.AcceptOnlyFromAmong("input", "streaming", "output");
        var context = CommonOptions.Context();
        var profile = CommonOptions.Profile();
        var trace = new Option<bool>("--trace") { Description = "Show the full decision trace: every rule, span, and what normalisation revealed." };
        var json = CommonOptions.Json();
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var allTiers = new Option<bool>("--all-tiers")
        {
            Description = "Decide with every available tier: the contextual tier (all-MiniLM-L6-v2 + trained heads) refines the fast "
                + "classifier's unsafe score on every text; the trace keeps both scores and says which tier decided.",
        };
        var encoderFolder = new Option<DirectoryInfo?>("--encoder") { Description = "With --all-tiers: a folder holding model.onnx and vocab.txt (default: the bundled encoder)." };
        var chatModel = ChatPipeline.ModelOption(required: false);
        chatModel.Description = "Run the whole pipeline against this chat model (input guard, model call, output guard) instead of checking the text alone. " + chatModel.Description;

        var cmd = new Command("check", "Check one text against a constitution and print the decision (exit 3 when it blocks).")
        {
            text, file, policy, stage, context, profile, trace, json, classifier, noClassifier, allTiers, encoderFolder, chatModel,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var input = ReadInput(parse.GetValue(text), parse.GetValue(file));
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var tiers = parse.GetValue(allTiers);
            if (tiers && parse.GetValue(noClassifier))
            {
                throw new CliUsageException("--all-tiers refines the classifier's score; it cannot be used with --no-classifier");
            }

            if (tiers && parse.GetValue(chatModel) is not null)
            {
                throw new CliUsageException("--all-tiers checks a text alone; with --model the pipeline uses the fast tier (set AlignmentOptions.ScoreRefiner in code)");
            }

            if (parse.GetValue(chatModel) is { } modelText)
            {
                return await RunPipelineAsync(ctx, constitution, input, modelText, parse.GetValue(context), parse.GetValue(profile),
                    parse.GetValue(classifier), parse.GetValue(noClassifier), parse.GetValue(json), parse.GetValue(trace), cancellationToken).ConfigureAwait(false);
            }

            var engine = GuardFactory.Create(constitution, parse.GetValue(classifier), parse.GetValue(noClassifier));
            using var tier = tiers ? ClassifyCommand.LoadTier(engine.Classifier ?? throw new CliUsageException("--all-tiers needs the safety classifier"), parse.GetValue(encoderFolder)) : null;
            if (tier is not null)
            {
                engine = new RuleEngine(constitution, engine.Options with { ScoreRefiner = new ContextualScoreRefiner(tier) });
            }

            var options = new EvaluationOptions { Context = parse.GetValue(context), Profile = parse.GetValue(profile) };
            var problems = engine.CheckSelection(options.Context, options.Profile);
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            PolicyStages.TryParse(parse.GetValue(stage), out var s);
            var decision = engine.Evaluate(input, s, options);
            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(DecisionJson.Serialize(decision));
            }
            else
            {
                DecisionRenderer.Summary(ctx.Console, decision);
                if (parse.GetValue(trace))
                {
                    DecisionRenderer.Trace(ctx.Console, decision, input);
                }
            }

            return decision.IsBlocking ? ExitCodes.Blocked : ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<int> RunPipelineAsync(CliContext ctx, Constitution constitution, string prompt, string modelText, string? context, string? profile,
        string? classifierPath, bool noClassifier, bool json, bool showTrace, CancellationToken cancellationToken)
    {
        var spec = ChatPipeline.ResolveModel(modelText, constitution);
        using var client = ChatPipeline.Create(constitution, spec, context, profile, classifierPath, noClassifier);
        var response = await client.GetResponseAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
        var alignment = response.GetAlignmentTrace()!;
        if (json)
        {
            ctx.Output.WriteLine(JsonText.Write(JsonText.Indented, w =>
            {
                w.WriteStartObject();
                w.WriteString("model", spec.ToString());
                w.WriteString("response", response.Text);
                w.WriteString("finish_reason", response.FinishReason?.Value);
                w.WritePropertyName("trace");
                AlignmentTraceJson.Write(w, alignment);
                w.WriteEndObject();
            }));
        }
        else
        {
            ctx.Console.MarkupLine($"[bold]Response[/] ({Markup.Escape(spec.ToString())}{(alignment.ModelCalled ? "" : ", model not called")}):");
            ctx.Output.WriteLine(response.Text);
            ChatCommand.ShowInterventions(ctx, alignment, showTrace);
        }

        return alignment.FinalAction.IsTerminal() ? ExitCodes.Blocked : ExitCodes.Ok;
    }

    private static string ReadInput(string? text, FileInfo? file)
    {
        if (file is not null)
        {
            if (text is not null)
            {
                throw new CliUsageException("give either a text argument or --file, not both");
            }

            if (Directory.Exists(file.FullName))
            {
                throw new CliUsageException($"{file.FullName} is a directory; give a text file");
            }

            if (!file.Exists)
            {
                throw new CliUsageException($"file not found: {file.FullName}");
            }

            return File.ReadAllText(file.FullName);
        }

        return text ?? throw new CliUsageException("nothing to check: give a text argument or --file");
    }
}
