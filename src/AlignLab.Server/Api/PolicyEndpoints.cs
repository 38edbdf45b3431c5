using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AlignLab.Diagnostics;
using AlignLab.IO;
using AlignLab.Rules;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Policies;
using AlignLab.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Api;

/// <summary>
/// <c>/api/policies</c>: list the arms, read one (YAML and rule graph), validate YAML, and hot-reload an arm.
/// An invalid reload answers 422 with every diagnostic (file:line:column) and leaves the old policy serving.
/// </summary>
internal static class PolicyEndpoints
{
    /// <summary><c>GET /api/policies</c>.</summary>
    public static Task ListAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        return WriteJsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("split_fraction_b", state.Policies.SplitFraction);
            w.WriteStartArray("arms");
            foreach (var arm in state.Policies.Arms)
            {
                w.WriteStartObject();
                WriteArm(w, arm, state);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>GET /api/policies/{arm}</c>: the arm with its YAML and rule graph.</summary>
    public static Task GetAsync(HttpContext http, GatewayState state, string arm)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Policies.Find(arm) is not { } found)
        {
            return OpenAiErrors.WriteAsync(http, StatusCodes.Status404NotFound, $"no arm '{arm}'", "invalid_request_error", "not_found");
        }

        var snapshot = found.Current;
        var graph = RuleGraph.Build(snapshot.Constitution);
        return WriteJsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            WriteArm(w, found, state);
            w.WriteStringOrNull("yaml", snapshot.Yaml);
            w.WriteString("mermaid", RuleGraphFormatter.ToMermaid(graph));
            w.WriteStartArray("rules");
            foreach (var rule in graph.Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                w.WriteString("action", AlignLab.Constitutions.AlignmentActions.ToName(rule.Action));
                w.WriteStringOrNull("category", rule.Category?.Id);
                w.WriteNumber("priority", rule.Priority);
                w.WriteBoolean("enabled", rule.Enabled);
                w.WriteNumber("line", rule.Location.Line);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("overlaps");
            foreach (var o in graph.Overlaps)
            {
                w.WriteStartObject();
                w.WriteString("first", o.First.Id);
                w.WriteString("second", o.Second.Id);
                w.WriteString("winner", o.Winner.Id);
                w.WriteString("reason", o.Reason);
                w.WriteBoolean("conflict", o.IsConflict);
                w.WriteStartArray("shared");
                foreach (var p in o.SharedPhrases)
                {
                    w.WriteStringValue(p);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>POST /api/policies/validate</c>: body is YAML (or <c>{"yaml": …}</c>); answers every diagnostic.</summary>
    public static async Task ValidateAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var (yaml, _) = await ReadYamlAsync(http).ConfigureAwait(false);
        if (yaml is null)
        {
            throw new RequestBodyException("send the policy YAML as the body (or as {\"yaml\": \"…\"})", "yaml");
        }

        var result = await state.Policies.ValidateUploadAsync(yaml, http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", result.Success);
            if (result.Constitution is { } c)
            {
                w.WriteString("name", c.Name);
                w.WriteNumber("rules", c.Rules.Length);
            }

            WriteDiagnostics(w, result.Diagnostics);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/policies/{arm}/reload</c>: with an empty body, re-reads the arm's file; with YAML (or
    /// <c>{"yaml": …, "persist": true}</c>), serves that text (and writes it to the arm's file when persisting).
    /// </summary>
    public static async Task ReloadAsync(HttpContext http, GatewayState state, string arm)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Policies.Find(arm) is null)
        {
            await OpenAiErrors.WriteAsync(http, StatusCodes.Status404NotFound, $"no arm '{arm}'", "invalid_request_error",
                "not_found").ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var target = state.Policies.Find(arm)!;
        var beforeSnapshot = target.Current;
        var before = beforeSnapshot.Version;
        var (yaml, persist) = await ReadYamlAsync(http).ConfigureAwait(false);
        var result = await state.Policies.ReloadAsync(arm, yaml, persist, http.RequestAborted).ConfigureAwait(false);
        if (result.Success && http.RequestServices.GetService(typeof(Operations.PolicyOperations)) is Operations.PolicyOperations operations)
        {
            // The history and the auto-rollback watch; a store failure is logged there, never undoing the reload.
            await operations.RecordReloadAsync(arm, beforeSnapshot, result.Serving, Security.Caller.Of(http).Name, yaml is not null,
                CancellationToken.None)
                .ConfigureAwait(false);
        }

        GatewayTelemetry.Reloads.Add(1, new KeyValuePair<string, object?>("arm", arm), new KeyValuePair<string, object?>("result",
            result.Success ? "ok" : "rejected"));
        var status = result.Success ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        var source = yaml is null ? "from its file" : persist ? "uploaded and persisted" : "uploaded";
        var detail = result.Success
            ? source
            : $"{source}; refused: {result.Error ?? $"{result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s)"}";
        await StateChangeAudit.RecordAsync(http, state, "policies.reload", result.Success ? "reload" : "reload_rejected", status, started,
            new StateChange("policy_reload", result.Success ? "applied" : "rejected", arm, before, result.Serving.Version, detail), target,
            yaml is null ? null : GatewayState.Sha256(yaml)).ConfigureAwait(false);
        await WriteJsonAsync(http, status, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("reloaded", result.Success);
            w.WriteStringOrNull("error", result.Error ?? (result.Success ? null : "the policy has errors; the previous version is still serving"));
            w.WriteString("serving_version", result.Serving.Version);
            w.WriteString("serving_policy", result.Serving.Constitution.Name);
            WriteDiagnostics(w, result.Diagnostics);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static Task WriteJsonAsync(HttpContext http, int status, Action<Utf8JsonWriter> write) =>
        JsonResponse.WriteAsync(http.Response, status, write, http.RequestAborted);

    private static void WriteArm(Utf8JsonWriter w, PolicyArm arm, GatewayState state)
    {
        var s = arm.Current;
        var stats = state.StatsFor(arm.Name);
        w.WriteString("arm", arm.Name);
        w.WriteString("policy", s.Constitution.Name);
        w.WriteString("source", s.Source);
        w.WriteString("version", s.Version);
        w.WriteString("loaded_at", s.LoadedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteBoolean("reloadable_from_file", arm.Path is not null);
        w.WriteNumber("rules", s.Constitution.Rules.Length);
        w.WriteNumber("principles", s.Constitution.Principles.Length);
        w.WriteBoolean("upstream", s.Client is not null);
        w.WriteStartObject("stats");
        w.WriteNumber("requests", stats.Requests);
        w.WriteNumber("flagged", stats.Flagged);
        w.WriteNumber("blocked", stats.Blocked);
        w.WriteNumber("errors", stats.Errors);
        w.WriteNumber("mean_latency_ms", Math.Round(stats.MeanLatencyMs, 3));
        w.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter w, IReadOnlyList<Diagnostic> diagnostics)
    {
        w.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
            w.WriteString("code", d.Code);
            w.WriteString("message", d.Message);
            w.WriteString("file", d.Location.File);
            w.WriteNumber("line", d.Location.Line);
            w.WriteNumber("column", d.Location.Column);
            w.WriteStringOrNull("hint", d.Hint);
            w.WriteString("text", d.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static async Task<(string? Yaml, bool Persist)> ReadYamlAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, false);
        }

        var contentType = http.Request.ContentType ?? "";
        if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (body, http.Request.Query["persist"] == "true");
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var yaml = JsonBody.RequiredString(doc.RootElement, "yaml");
            var persist = doc.RootElement.TryGetProperty("persist", out var p) && p.ValueKind == JsonValueKind.True;
            return (yaml, persist);
        }
        catch (JsonException ex)
        {
            throw new RequestBodyException($"the request body is not valid JSON: {ex.Message}", ex);
        }
    }
}
