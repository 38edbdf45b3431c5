using System.Diagnostics;
using System.Text.Json;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Rules;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.Profiles;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// <c>POST /v1/moderations</c> in the OpenAI response shape (<c>results[].flagged</c>, <c>categories</c>,
/// <c>category_scores</c>), decided by the arm's constitution (rules + classifier) on the input stage.
/// <c>flagged</c> means the policy would stop the text; each category is true when a rule or a classifier
/// detection of a mapped category fired.
/// </summary>
internal static class ModerationsEndpoint
{
    /// <summary>Audit endpoint name.</summary>
    public const string EndpointName = "moderations";

    /// <summary>Most inputs in one request.</summary>
    public const int MaxInputs = 256;

    /// <summary>Handles one request.</summary>
    public static async Task HandleAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        List<string> inputs;
        string model;
        RequestSelection selection;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            (inputs, model) = ReadInputs(doc.RootElement);
            selection = RequestSelectionReader.Read(http.Request, doc.RootElement);
        }

        var arm = state.SelectArm(http, null);
        using var lease = arm.Acquire();
        var snapshot = lease.Snapshot;
        if (!selection.IsDefault)
        {
            // The context and profile the request chose (issue 19 item 6); the default costs nothing here.
            if (await SelectionGate.ApplyAsync(http, state, snapshot, selection, started).ConfigureAwait(false) is not { } chosen)
            {
                return;
            }

            snapshot = chosen;
        }
        var decisions = new Decision[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            decisions[i] = snapshot.Pipeline.Evaluate(inputs[i], PolicyStage.Input);
        }

        var flagged = decisions.Any(d => d.IsBlocking);
        var strongest = decisions.MaxBy(d => d.Action)!;
        var auditId = GatewayState.NewAuditId();
        var trace = decisions.Length == 1
            ? PooledJsonText.Write(decisions[0], static (w, d) => DecisionJson.Write(w, d))
            : PooledJsonText.Write(decisions, static (w, all) =>
            {
                w.WriteStartArray();
                foreach (var d in all)
                {
                    DecisionJson.Write(w, d);
                }

                w.WriteEndArray();
            });
        var record = new AuditRecord(auditId, state.Time.GetUtcNow(), Caller.Of(http).Name, EndpointName, snapshot.Arm, snapshot.Constitution.Name,
            snapshot.Version, strongest.Action.ToName(), flagged, StatusCodes.Status200OK, GatewayState.ElapsedMs(started),
            inputs.Count == 1 ? GatewayState.Sha256(inputs[0]) : GatewayState.Sha256(string.Join("\u001e", inputs)), trace).WithSelection(snapshot);
        if (!await RequestAudit.TryRecordAsync(http, state, record, flagged).ConfigureAwait(false))
        {
            return;
        }

        http.Response.Headers["x-alignlab-audit-id"] = auditId;
        http.Response.Headers["x-alignlab-arm"] = arm.Name;
        ChatCompletionsEndpoint.SetSelectionHeaders(http, snapshot);
        await JsonResponse.WriteAsync(http.Response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", "modr-" + auditId);
            w.WriteString("model", model);
            w.WriteStartArray("results");
            foreach (var d in decisions)
            {
                WriteResult(w, d, snapshot.Arm, snapshot.Version);
            }

            w.WriteEndArray();
            w.WriteString("audit_id", auditId);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    internal static (List<string> Inputs, string Model) ReadInputs(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException("the request body must be a JSON object", (string?)null);
        }

        JsonStrings.RequireValidText(root);
        if (!RequestFields.TryGet(root, "input", out var input))
        {
            throw new RequestBodyException("'input' is required: a string, an array of strings, or an array of {\"type\":\"text\",\"text\":…} parts", "input");
        }

        var model = RequestFields.String(root, "model") ?? "alignlab-moderation";
        var list = new List<string>();
        switch (input.ValueKind)
        {
            case JsonValueKind.String:
                list.Add(JsonStrings.Read(input, "input"));
                break;
            case JsonValueKind.Array:
                foreach (var e in input.EnumerateArray())
                {
                    if (list.Count == MaxInputs)
                    {
                        throw new RequestBodyException($"at most {MaxInputs} inputs per request", "input");
                    }

                    if (e.ValueKind == JsonValueKind.String)
                    {
                        list.Add(JsonStrings.Read(e, "input"));
                    }
                    else if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        if (!t.ValueEquals("text") || !e.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                        {
                            throw new RequestBodyException("only text inputs are supported", "input");
                        }

                        list.Add(JsonStrings.Read(text, "input"));
                    }
                    else
                    {
                        throw new RequestBodyException("'input' array items must be strings or text parts", "input");
                    }
                }

                break;
            default:
                throw new RequestBodyException("'input' must be a string or an array", "input");
        }

        if (list.Count == 0)
        {
            throw new RequestBodyException("'input' is empty", "input");
        }

        return (list, model);
    }

    private static void WriteResult(Utf8JsonWriter w, Decision d, string arm, string version)
    {
        // Indexed loops over these lists: a foreach allocated an enumerator each time.
        var openAi = ModerationCategories.OpenAi;
        var all = HarmCategory.All;
        var fired = new HashSet<HarmCategory>();
        foreach (var det in d.Detections)
        {
            fired.Add(det.Category);
        }

        foreach (var match in d.Matches)
        {
            if (match.Rule.Category is { } c && match.Action != AlignmentAction.LogOnly)
            {
                fired.Add(c);
            }
        }

        w.WriteStartObject();
        w.WriteBoolean("flagged", d.IsBlocking);
        w.WriteStartObject("categories");
        for (var i = 0; i < openAi.Count; i++)
        {
            var (name, sources) = openAi[i];
            w.WriteBoolean(name, AnyFired(sources, fired));
        }

        w.WriteEndObject();
        w.WriteStartObject("category_scores");
        for (var i = 0; i < openAi.Count; i++)
        {
            var (name, sources) = openAi[i];
            w.WriteNumber(name, Math.Round(MaxScore(sources, d, fired), 6));
        }

        w.WriteEndObject();
        w.WriteStartObject("alignlab");
        w.WriteString("action", d.Action.ToName());
        w.WriteString("outcome", d.Outcome.ToString().ToLowerInvariant());
        w.WriteStringOrNull("rule", d.DecidingRule?.Rule.Id);
        w.WriteStringOrNull("message", d.Message);
        w.WriteString("arm", arm);
        w.WriteString("policy_version", version);
        w.WriteNumber("unsafe_score", Math.Round(d.Scores?.Unsafe ?? 0, 6));
        w.WriteStartObject("categories");
        for (var i = 0; i < all.Count; i++)
        {
            var c = all[i];
            w.WriteBoolean(c.Id, fired.Contains(c));
        }

        w.WriteEndObject();
        w.WriteStartObject("category_scores");
        for (var i = 0; i < all.Count; i++)
        {
            var c = all[i];
            w.WriteNumber(c.Id, Math.Round(Score(c, d, fired), 6));
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // Loops rather than LINQ: this runs for every category of every answer, and each LINQ call allocated a delegate.
    private static bool AnyFired(HarmCategory[] sources, HashSet<HarmCategory> fired)
    {
        foreach (var c in sources)
        {
            if (fired.Contains(c))
            {
                return true;
            }
        }

        return false;
    }

    private static float MaxScore(HarmCategory[] sources, Decision d, HashSet<HarmCategory> fired)
    {
        var max = Score(sources[0], d, fired);
        for (var i = 1; i < sources.Length; i++)
        {
            // Enumerable.Max's order: a NaN is passed over.
            var score = Score(sources[i], d, fired);
            if (score > max || float.IsNaN(max))
            {
                max = score;
            }
        }

        return max;
    }

    // unsafe × P(category | unsafe), so benign text does not show a category head's own score as its top signal.
    private static float Score(HarmCategory c, Decision d, HashSet<HarmCategory> fired) =>
        d.Scores is { } s ? s.Joint(c) : fired.Contains(c) ? 1f : 0f;
}
