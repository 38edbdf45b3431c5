using System.Diagnostics;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Rules;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Profiles;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Api;

/// <summary><c>POST /api/check</c> (a full constitution decision with its evidence) and <c>POST /api/classify</c> (classifier scores with explanation spans).</summary>
internal static class CheckEndpoints
{
    /// <summary>The <c>endpoint</c> of the audit records that <c>/api/check</c> writes.</summary>
    public const string EndpointName = "check";

    /// <summary>Body: <c>{"text", "stage"?: input|streaming|output, "context"?, "profile"?, "arm"?}</c>. Answer: the decision as JSON.</summary>
    public static async Task CheckAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        string text;
        string? stageName;
        string? context;
        string? profile;
        string? armName;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            var root = doc.RootElement;
            text = JsonBody.RequiredString(root, "text");
            stageName = JsonBody.OptionalString(root, "stage");
            context = JsonBody.OptionalString(root, "context");
            profile = JsonBody.OptionalString(root, "profile");
            armName = JsonBody.OptionalString(root, "arm");
        }

        var stage = PolicyStage.Input;
        if (stageName is not null && (!PolicyStages.TryParse(stageName, out stage) || stage is not (PolicyStage.Input or PolicyStage.Streaming or PolicyStage.Output)))
        {
            throw new RequestBodyException($"'stage' must be input, streaming or output (not '{stageName}')", "stage");
        }

        var arm = armName is null ? state.SelectArm(http, null) : state.Policies.Find(armName) ?? throw new RequestBodyException($"no arm '{armName}'", "arm");
        using var lease = arm.Acquire();
        var snapshot = lease.Snapshot;
        // The key's allowed profiles and contexts apply here too, so /api/check cannot be used to try one it may not.
        var selection = context is null && profile is null ? RequestSelection.None : new RequestSelection(context, profile, "body");
        if (!selection.IsDefault && !await SelectionGate.AllowsAsync(http, state, snapshot, selection, started).ConfigureAwait(false))
        {
            return;
        }

        var decision = snapshot.Pipeline.Engine.Evaluate(text, stage, new EvaluationOptions { Context = context, Profile = profile });
        var decisionJson = DecisionJson.Serialize(decision, indented: false);
        var auditId = GatewayState.NewAuditId();
        var record = new AuditRecord(auditId, state.Time.GetUtcNow(), Caller.Of(http).Name, EndpointName, snapshot.Arm, snapshot.Constitution.Name, snapshot.Version,
            decision.Action.ToName(), decision.Action != AlignmentAction.Allow, StatusCodes.Status200OK, GatewayState.ElapsedMs(started),
                GatewayState.Sha256(text), decisionJson)
        {
            Context = context,
            Profile = profile,
        };
        if (!await state.TryRecordAsync(http, record, decision.IsBlocking).ConfigureAwait(false))
        {
            return;
        }

        http.Response.Headers["x-alignlab-audit-id"] = auditId;
        await JsonResponse.WriteAsync(http.Response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("audit_id", auditId);
            w.WriteString("arm", snapshot.Arm);
            w.WriteString("policy_version", snapshot.Version);
            w.WriteString("explanation", decision.Explain());
            w.WritePropertyName("decision");
            DecisionJson.Write(w, decision);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Body: <c>{"text", "max_phrases"?}</c>. Answer: every label's calibrated probability, the confidence, and the phrases behind the unsafe score with their spans in the original text.</summary>
    public static async Task ClassifyAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var ct = http.RequestAborted;
        string text;
        int maxPhrases;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            text = JsonBody.RequiredString(doc.RootElement, "text");
            maxPhrases = JsonBody.OptionalInt(doc.RootElement, "max_phrases", 5, 0, 50);
        }

        if (state.Classifier is not { } classifier)
        {
            await OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "no classifier model is available in this build", "server_error", "no_classifier").ConfigureAwait(false);
            return;
        }

        var explanation = classifier.Explain(text, SafetyLabels.Unsafe, maxPhrases);
        var scores = explanation.Scores;
        await JsonResponse.WriteAsync(http.Response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("label", explanation.Label);
            w.WriteNumber("unsafe", Math.Round(scores.Unsafe, 6));
            w.WriteNumber("threshold", Math.Round(classifier.UnsafeThreshold, 6));
            w.WriteNumber("confidence", Math.Round(explanation.Confidence, 6));
            w.WriteString("view", scores.View);
            w.WriteStartObject("scores");
            for (var i = 0; i < SafetyLabels.Count; i++)
            {
                w.WriteNumber(SafetyLabels.Names[i], Math.Round(scores[i], 6));
            }

            w.WriteEndObject();
            var (top, p) = scores.TopCategory;
            w.WriteStartObject("top_category");
            w.WriteString("id", top.Id);
            w.WriteString("name", top.DisplayName);
            w.WriteNumber("score", Math.Round(p, 6));
            w.WriteEndObject();
            PhraseJson.Write(w, "phrases", explanation.TopPhrases);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }
}
