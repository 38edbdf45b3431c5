using AlignLab.Constitutions;
using AlignLab.Normalization;
using AlignLab.Rules;

namespace AlignLab.Detectors;

/// <summary>What every detector of one evaluation reads: the text, its normalised views, the stage and the selection.</summary>
public sealed class DetectionContext
{
    private readonly Func<string, NormalizedText>? _normalize;
    private NormalizedText? _normalized;

    internal DetectionContext(string text, NormalizedText normalized, PolicyStage stage, EvaluationOptions options, EffectiveRules policy)
    {
        Text = text;
        _normalized = normalized;
        Stage = stage;
        Options = options;
        Policy = policy;
    }

    /// <summary>A context whose text is normalised when a detector first reads <see cref="Normalized"/> (a judge may never do).</summary>
    internal DetectionContext(
        string text, Func<string, NormalizedText> normalize, PolicyStage stage, EvaluationOptions options, EffectiveRules policy)
    {
        Text = text;
        _normalize = normalize;
        Stage = stage;
        Options = options;
        Policy = policy;
    }

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>The text's normalised and decoded views, with offsets back to <see cref="Text"/>.</summary>
    public NormalizedText Normalized => _normalized ??= _normalize!(Text); // a race normalises twice, to the same result

    /// <summary>The one stage being evaluated (input, streaming or output).</summary>
    public PolicyStage Stage { get; }

    /// <summary>When <see cref="Text"/> is an answer: the user prompt it answers (judges read both); null otherwise.</summary>
    public string? Prompt { get; init; }

    /// <summary>The context, profile and evidence settings of the call.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The rule switches, actions and thresholds in force for <see cref="Options"/>' context and profile.</summary>
    internal EffectiveRules Policy { get; }
}
