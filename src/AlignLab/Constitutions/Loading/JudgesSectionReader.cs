using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// judges: LLM judges, each with an id, a model, a template and the stages it runs on. Ids used twice and models not declared
/// are reported by <see cref="RuntimeReferenceValidator"/>.
/// </summary>
internal sealed class JudgesSectionReader() : ListSectionReader<JudgeDeclaration>("judges", d => d.Judges)
{
    internal static readonly string[] Keys = ["id", "model", "template", "prompt", "stages", "threshold", "timeout", "when"];

    protected override JudgeDeclaration? ReadItem(SectionReadContext context, YamlNode item, int index)
    {
        var r = context.Reader;
        var m = r.Mapping(item, "judge");
        if (m is null)
        {
            return null;
        }

        string? id = null, model = null, prompt = null;
        var template = "llama_guard";
        var stages = PolicyStage.Input | PolicyStage.Output;
        var threshold = 0.5;
        var timeout = TimeSpan.FromSeconds(30);
        YamlNode? modelNode = null;
        var when = JudgeWhen.Always;
        SourceLocation? whenAt = null;
        foreach (var (k, _, v) in r.Entries(m, "judge", Keys))
        {
            switch (k)
            {
                case "id": id = r.String(v, "id"); break;
                case "model": (model, modelNode) = (r.String(v, "model"), v); break;
                case "prompt": prompt = r.String(v, "prompt"); break;
                case "template":
                    template = NamedValues.JudgeTemplates.Read(r, v, "template", out var t) == NamedValue.Read ? t : template;
                    break;
                case "stages":
                    // An empty list: the judge is only a consensus validator.
                    stages = v is YamlSequenceNode { Children.Count: 0 }
                        ? PolicyStage.None
                        : SectionValues.InputOutputStages(r, v, "judges run on input and output only",
                            "streaming checks use the classifier and rules") ?? stages;
                    break;
                case "threshold": threshold = r.Probability(v, "threshold") ?? threshold; break;
                case "timeout": timeout = SectionValues.Duration(r, v, "timeout") ?? timeout; break;
                case "when":
                    when = NamedValues.JudgeWhens.Read(r, v, "when", out var w) == NamedValue.Read ? w : when;
                    whenAt = r.At(v);
                    break;
            }
        }

        if (id is null || model is null)
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a judge needs 'id' and 'model'", r.At(item));
            return null;
        }

        if (template == "custom" && string.IsNullOrWhiteSpace(prompt))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"judge '{id}' uses the custom template but has no 'prompt'", r.At(item),
                "write a prompt with {prompt} and/or {response}");
            return null;
        }

        var spec = new JudgeSpec(id, model, template, prompt, stages, threshold, timeout, r.At(item)) { When = when };
        return new JudgeDeclaration(spec, r.At(modelNode!), whenAt ?? r.At(item));
    }
}
