using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Models;
using AlignLab.Rules;
using AlignLab.Runtime.Consensus;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Judges;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Evaluation;

/// <summary>
/// The strategies <c>alignlab eval</c> compares on the same cases. Without a model only <c>guard_only</c> runs;
/// the others are returned as needing a model (the caller says how to give one), never faked.
/// </summary>
public static class EvalStrategies
{
    /// <summary>Every strategy name, in report order.</summary>
    public static readonly IReadOnlyList<string> Names = [GuardOnlyStrategy.StrategyName, "baseline", "output_filter", "constitutional", "full_pipeline", "consensus"];

    /// <summary>Builds the strategies that can run, and names those that cannot because no model was given.</summary>
    /// <param name="constitution">The policy.</param>
    /// <param name="classifier">Classifier (null: rules only).</param>
    /// <param name="model">The model under test, or null for guard-only.</param>
    /// <param name="clientFor">Creates clients for the policy's named models (judges, critic).</param>
    /// <param name="selected">Strategy names to build (null: all).</param>
    /// <param name="keepTraces">Keep each case's trace JSON.</param>
    /// <param name="outputJudge">Optional LLM judge of answers to harmful cases (an answer it finds safe is not a successful attack).</param>
    public static (IReadOnlyList<IEvalStrategy> Strategies, IReadOnlyList<string> NeedModel) Create(
        Constitution constitution,
        SafetyClassifier? classifier,
        IChatClient? model,
        Func<ModelSpec, IChatClient> clientFor,
        IReadOnlyCollection<string>? selected = null,
        bool keepTraces = false,
        IGuardDetector? outputJudge = null)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(clientFor);
        var names = selected ?? Names;
        var unknown = names.Except(Names).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown strategy '{unknown[0]}'; known: {string.Join(", ", Names)}");
        }

        var strategies = new List<IEvalStrategy>();
        var needModel = new List<string>();
        foreach (var name in Names.Where(names.Contains))
        {
            if (name == GuardOnlyStrategy.StrategyName)
            {
                strategies.Add(new GuardOnlyStrategy(new RuleEngine(constitution, classifier: classifier), keepTraces: keepTraces));
                continue;
            }

            if (model is null)
            {
                needModel.Add(name);
                continue;
            }

            strategies.Add(name switch
            {
                "baseline" => new ChatEvalStrategy(name, model, keepTraces, outputJudge: outputJudge, responseClassifier: classifier),
                "output_filter" => Aligned(name, model, Stages(constitution, input: false, streaming: false, output: true), classifier, null, keepTraces, outputJudge),
                "constitutional" => Aligned(name, model, Stages(constitution, input: false, streaming: false, output: false), classifier,
                    o => o.Reviser = ConstitutionRuntime.CreateReviser(constitution, n => clientFor(constitution.Runtime.Models[n]), model), keepTraces, outputJudge),
                "full_pipeline" => Full(name, constitution, model, clientFor, classifier, consensus: false, keepTraces, outputJudge),
                _ => Full(name, constitution, model, clientFor, classifier, consensus: true, keepTraces, outputJudge),
            });
        }

        return (strategies, needModel);
    }

    private static Constitution Stages(Constitution c, bool input, bool streaming, bool output) =>
        c with { Stages = c.Stages with { InputEnabled = input, StreamingEnabled = streaming, OutputEnabled = output } };

    private static ChatEvalStrategy Aligned(string name, IChatClient model, Constitution c, SafetyClassifier? classifier, Action<AlignmentOptions>? configure, bool keepTraces, IGuardDetector? outputJudge)
    {
        var options = new AlignmentOptions { Constitution = c, UseClassifier = classifier is not null, Classifier = classifier };
        configure?.Invoke(options);
        return new ChatEvalStrategy(name, new AlignedChatClient(model, new AlignmentPipeline(options)), keepTraces, outputJudge: outputJudge, responseClassifier: classifier);
    }

    private static ChatEvalStrategy Full(string name, Constitution c, IChatClient model, Func<ModelSpec, IChatClient> clientFor, SafetyClassifier? classifier, bool consensus, bool keepTraces, IGuardDetector? outputJudge)
    {
        // full_pipeline: everything the constitution configures except consensus; consensus: the same plus a
        // consensus vote (the constitution's validators, or classifier + rules + the model as a JSON judge with twice
        // their weight, because it is the only one that reads the answer together with the request; reject at 0.4).
        var withoutConsensus = c with { Runtime = c.Runtime with { Consensus = c.Runtime.Consensus with { Enabled = false } } };
        var options = ConstitutionRuntime.CreateOptions(consensus ? c : withoutConsensus, clientFor, model, classifier);
        options.UseClassifier = classifier is not null;
        options.Classifier = classifier;
        if (consensus && options.Consensus is null)
        {
            var validators = new List<ConsensusValidator>
            {
                new("rules", new RulesDetector(new RuleEngine(c)), 1.0),
                new("model_judge", new ChatClientJudge("model_judge", model, JudgeTemplate.Json), 2.0),
            };
            if (classifier is not null)
            {
                validators.Insert(0, new ConsensusValidator("classifier", new ClassifierDetector(classifier), 1.0));
            }

            options.Consensus = new ConsensusCheck(new ConsensusEngine(validators, new ConsensusOptions { ApprovalThreshold = 0.4, FailureMode = ValidatorFailureMode.Abstain }));
        }

        return new ChatEvalStrategy(name, new AlignedChatClient(model, new AlignmentPipeline(options)), keepTraces, outputJudge: outputJudge, responseClassifier: classifier);
    }
}
