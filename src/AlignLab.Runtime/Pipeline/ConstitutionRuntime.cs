using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Rules;
using AlignLab.Runtime.Consensus;
using AlignLab.Runtime.Critique;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Judges;
using AlignLab.Runtime.Redaction;
using AlignLab.Runtime.Review;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// Turns a constitution's runtime sections (<c>models</c>, <c>judges</c>, <c>critique_revision</c>, <c>consensus</c>,
/// <c>pii</c>, <c>review_queue</c>) into <see cref="AlignmentOptions"/>. Model names are resolved with a client
/// factory (e.g. the providers' <c>ChatClientFactory.Create</c>), each model once. The clients it creates, and a SQLite
/// review queue it opens, go into <see cref="AlignmentOptions.OwnedResources"/>: the pipeline built from the options
/// disposes them.
/// </summary>
public static class ConstitutionRuntime
{
    /// <summary>Builds the options; the caller may still adjust them (context, profile, classifier) before building the pipeline.</summary>
    /// <param name="constitution">The constitution.</param>
    /// <param name="clientFor">Creates a chat client for a model spec.</param>
    /// <param name="guardedModel">The guarded model itself: the critic when <c>critique_revision.critic</c> is not set.</param>
    /// <param name="classifier">The classifier for <c>classifier</c> validators (null: the embedded default).</param>
    /// <param name="timeProvider">Time source.</param>
    public static AlignmentOptions CreateOptions(
        Constitution constitution,
        Func<ModelSpec, IChatClient> clientFor,
        IChatClient? guardedModel = null,
        SafetyClassifier? classifier = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(clientFor);
        var time = timeProvider ?? TimeProvider.System;
        var options = new AlignmentOptions { Constitution = constitution, TimeProvider = time };
        try
        {
            Fill(options, constitution, clientFor, guardedModel, classifier, time);
            return options;
        }
        catch
        {
            // What was created for options nobody will get is disposed here (whoever creates a client disposes it).
            foreach (var owned in options.OwnedResources)
            {
                owned.Dispose();
            }

            throw;
        }
    }

    private static void Fill(
        AlignmentOptions options,
        Constitution constitution,
        Func<ModelSpec, IChatClient> clientFor,
        IChatClient? guardedModel,
        SafetyClassifier? classifier,
        TimeProvider time)
    {
        var rt = constitution.Runtime;
        var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
        IChatClient Model(string name)
        {
            if (!clients.TryGetValue(name, out var client))
            {
                client = clientFor(rt.Models[name]);
                clients[name] = client;
                options.OwnedResources.Add(client);
            }

            return client;
        }

        // Judges.
        var judges = new Dictionary<string, IGuardDetector>(StringComparer.Ordinal);
        foreach (var j in rt.Judges)
        {
            var template = j.Template == "custom"
                ? new JudgeTemplate(j.Id, j.Prompt!, ParseAny)
                : JudgeTemplate.TryGetBuiltIn(j.Template, out var builtIn) ? builtIn : throw new ArgumentException($"unknown judge template '{j.Template}'");
            var judge = new ChatClientJudge(j.Id, Model(j.Model), template, new ChatClientJudgeOptions { Timeout = j.Timeout, Threshold = j.Threshold, ModelId = rt.Models[j.Model].Model }, time);
            judges[j.Id] = judge;
            if (j.Stages == PolicyStage.None)
            {
                continue; // a consensus validator only
            }

            options.Detectors.Add(new StagedDetector(judge, j.Stages, j.Threshold, j.Timeout + TimeSpan.FromSeconds(1))
            {
                UncertainBandOnly = j.When == JudgeWhen.Uncertain,
            });
        }

        // Critique→revision.
        if (rt.CritiqueRevision.Enabled)
        {
            options.Reviser = CreateReviser(constitution, Model, guardedModel, time);
        }

        // Consensus.
        var cs = rt.Consensus;
        if (cs.Enabled)
        {
            var validators = new List<ConsensusValidator>();
            RuleEngine? rulesOnly = null;
            foreach (var v in cs.Validators)
            {
                IGuardDetector detector = v.Detector switch
                {
                    "classifier" => new ClassifierDetector(classifier ?? SafetyClassifier.Default
                        ?? throw new ArgumentException("a 'classifier' validator needs a classifier model, and this build has none embedded")),
                    "rules" => new RulesDetector(rulesOnly ??= new RuleEngine(constitution)),
                    _ => judges[v.Detector],
                };
                validators.Add(new ConsensusValidator(v.Id, detector, v.Weight, v.Role) { VetoCategories = v.VetoCategories });
            }

            var engine = new ConsensusEngine(validators, new ConsensusOptions
            {
                ApprovalThreshold = cs.ApprovalThreshold,
                RequireMajority = cs.RequireMajority,
                DisagreementThreshold = cs.DisagreementThreshold,
                EscalateToHuman = cs.EscalateToHuman,
                FailureMode = cs.OnValidatorFailure switch
                {
                    "unsafe" => ValidatorFailureMode.TreatAsUnsafe,
                    "fail" => ValidatorFailureMode.FailConsensus,
                    _ => ValidatorFailureMode.Abstain,
                },
            }, time);
            options.Consensus = new ConsensusCheck(engine);
            options.ConsensusStages = cs.Stages;
        }

        // PII and the review queue.
        if (rt.Pii.Enabled && rt.Pii.Kinds.Length > 0)
        {
            options.Redactor = new PiiTextRedactor(PiiTextRedactor.KindsFromNames(rt.Pii.Kinds));
        }

        if (rt.ReviewQueuePath is { } path)
        {
            var queue = ReviewQueueFile.Open(path, time);
            if (queue is IDisposable owned)
            {
                options.OwnedResources.Add(owned);
            }

            options.ReviewQueue = queue;
        }
        else
        {
            options.ReviewQueue = new InMemoryReviewQueue(time);
        }
    }

    /// <summary>Critique→revision as the constitution's <c>critique_revision:</c> section describes it (whether or not it is enabled there).</summary>
    /// <param name="constitution">Principles and settings.</param>
    /// <param name="modelNamed">Resolves a name from <c>models:</c> to a client.</param>
    /// <param name="guardedModel">The critic when none is named.</param>
    /// <param name="timeProvider">Time source.</param>
    public static IResponseReviser CreateReviser(Constitution constitution, Func<string, IChatClient> modelNamed, IChatClient? guardedModel, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(modelNamed);
        var cr = constitution.Runtime.CritiqueRevision;
        var critic = cr.Critic is { } c ? modelNamed(c) : guardedModel
            ?? throw new ArgumentException("critique_revision needs a critic: name one under models: or pass the guarded model");
        var reviser = cr.Reviser is { } r ? modelNamed(r) : critic;
        var engine = new CritiqueRevisionEngine(critic, reviser, new CritiqueRevisionOptions
        {
            MaxRounds = cr.MaxRounds,
            PrinciplesPerRound = cr.PrinciplesPerRound,
            MinImprovement = cr.MinImprovement,
            Seed = cr.Seed,
            CallTimeout = cr.Timeout,
        }, timeProvider);
        return new CritiqueReviser(engine, constitution.Principles);
    }

    private static JudgeVerdict ParseAny(string? output)
    {
        try
        {
            return JsonJudgeOutputParser.Parse(output);
        }
        catch (JudgeParseException)
        {
            try
            {
                return LlamaGuardOutputParser.Parse(output);
            }
            catch (JudgeParseException)
            {
                return ShieldGemmaOutputParser.Parse(output);
            }
        }
    }
}
