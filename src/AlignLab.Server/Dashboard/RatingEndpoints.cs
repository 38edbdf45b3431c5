using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.IO;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// The blinded rating queue (<c>/ui/rating.html</c>): import a pairs or candidates file, rate its items one at a time with
/// the two answers in a per-item, per-rater order (no model names are stored or sent), see inter-rater agreement, and
/// export the majority preferences as <c>pairs.jsonl</c>.
/// </summary>
internal static class RatingEndpoints
{
    private const int MaxReasonChars = 4_000;

    /// <summary><c>POST /api/ratings/import?name=N</c>; the body is the JSON Lines file itself.</summary>
    public static async Task ImportAsync(HttpContext http, IRatingStore store, GatewayState state)
    {
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        var name = http.Request.Query["name"].ToString().Trim();
        name = name.Length == 0 ? "import" : name.Length > 200 ? name[..200] : name;
        RatingImportResult read;
        using (var body = new MemoryStream())
        {
            // The gateway's body limit bounds this copy (a larger upload is answered 413 before anything is stored).
            await http.Request.Body.CopyToAsync(body, ct).ConfigureAwait(false);
            body.Position = 0;
            var invalid = RatingImport.InvalidUtf8Lines(body);
            body.Position = 0;
            using var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: false), true);
            read = RatingImport.Read(reader, invalid);
        }

        if (read.Items.Count == 0)
        {
            await WriteImportAsync(http, StatusCodes.Status400BadRequest, null, read).ConfigureAwait(false);
            return;
        }

        var batch = await store.ImportAsync(name, Caller.Of(http).Name, read.Items, ct).ConfigureAwait(false);
        await StateChangeAudit.RecordAsync(http, state, "ratings.import", "import", StatusCodes.Status201Created, started,
            new StateChange("rating_batch_imported", "applied", batch.Id.ToString(CultureInfo.InvariantCulture), null, null,
                string.Create(CultureInfo.InvariantCulture, $"{batch.Items} items, {read.Malformed} bad lines"))).ConfigureAwait(false);
        await WriteImportAsync(http, StatusCodes.Status201Created, batch, read).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/ratings/batches</c>: every batch, newest first, with how many items the caller has rated.</summary>
    public static async Task BatchesAsync(HttpContext http, IRatingStore store)
    {
        var ct = http.RequestAborted;
        var rater = Caller.Of(http).Name;
        var batches = await store.BatchesAsync(ct).ConfigureAwait(false);
        var rated = new List<int>(batches.Count);
        foreach (var b in batches)
        {
            rated.Add(await store.RatedCountAsync(b.Id, rater, ct).ConfigureAwait(false));
        }

        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("rater", rater);
            w.WriteStartArray("batches");
            for (var i = 0; i < batches.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("id", batches[i].Id);
                w.WriteString("name", batches[i].Name);
                w.WriteNumber("items", batches[i].Items);
                w.WriteNumber("rated_by_you", rated[i]);
                w.WriteString("created_by", batches[i].CreatedBy);
                w.WriteString("created_at", batches[i].CreatedAt.ToString("O", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/ratings/batches/{batch}/items/{position}</c>: the item as this rater sees it. The answers come as A
    /// and B in the rater's order; nothing in the answer says which is the file's first or which model wrote it.
    /// </summary>
    public static async Task ItemAsync(HttpContext http, IRatingStore store, long batchId, int position)
    {
        var ct = http.RequestAborted;
        var batch = await store.BatchAsync(batchId, ct).ConfigureAwait(false);
        var item = batch is null ? null : await store.ItemAtAsync(batchId, position, ct).ConfigureAwait(false);
        if (batch is null || item is null)
        {
            await DashboardHttp.NotFoundAsync(http, $"no item {position} in batch {batchId}").ConfigureAwait(false);
            return;
        }

        var rater = Caller.Of(http).Name;
        var swapped = RatingOrder.IsSwapped(batch.Salt, item.Id, rater);
        var mine = await store.RatingAsync(item.Id, rater, ct).ConfigureAwait(false);
        var ratedByYou = await store.RatedCountAsync(batchId, rater, ct).ConfigureAwait(false);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("batch", batch.Id);
            w.WriteString("name", batch.Name);
            w.WriteNumber("position", item.Position);
            w.WriteNumber("total", batch.Items);
            w.WriteNumber("rated_by_you", ratedByYou);
            w.WriteNumber("item", item.Id);
            w.WriteString("prompt", item.Prompt);
            w.WriteString("a", swapped ? item.Second : item.First);
            w.WriteString("b", swapped ? item.First : item.Second);
            if (mine is null)
            {
                w.WriteNull("rating");
            }
            else
            {
                w.WriteStartObject("rating");
                w.WriteString("choice", ShownName(mine.ShownChoice));
                w.WriteNumber("scale", mine.ShownScale);
                w.WriteStringOrNull("reason", mine.Reason);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/ratings/items/{id}</c>, body <c>{"choice": "a"|"b"|"tie", "scale": 1–7, "reason"?}</c> in the order
    /// the rater was shown (1 = A much better, 4 = equal, 7 = B much better; the two must agree). The order is recomputed
    /// here, so what is stored is what was shown.
    /// </summary>
    public static async Task RateAsync(HttpContext http, IRatingStore store, GatewayState state, long itemId)
    {
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        RatingChoice choice;
        int scale;
        string? reason;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            var root = doc.RootElement;
            choice = DashboardHttp.RequiredText(root, "choice", 8) switch
            {
                "a" => RatingChoice.First,
                "b" => RatingChoice.Second,
                "tie" => RatingChoice.Tie,
                _ => throw new RequestBodyException("'choice' must be \"a\", \"b\" or \"tie\"", "choice"),
            };
            scale = root.TryGetProperty("scale", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var v) && v is >= 1 and <= 7
                ? v
                : throw new RequestBodyException("'scale' must be an integer from 1 (A much better) to 7 (B much better)", "scale");
            reason = DashboardHttp.OptionalText(root, "reason", MaxReasonChars);
        }

        var agrees = choice switch
        {
            RatingChoice.First => scale < 4,
            RatingChoice.Second => scale > 4,
            _ => scale == 4,
        };
        if (!agrees)
        {
            throw new RequestBodyException("'scale' contradicts 'choice': 1–3 prefer A, 4 is a tie, 5–7 prefer B", "scale");
        }

        var item = await store.ItemAsync(itemId, ct).ConfigureAwait(false);
        var batch = item is null ? null : await store.BatchAsync(item.BatchId, ct).ConfigureAwait(false);
        if (item is null || batch is null)
        {
            await DashboardHttp.NotFoundAsync(http, $"no rating item {itemId}").ConfigureAwait(false);
            return;
        }

        var rater = Caller.Of(http).Name;
        var rating = new RatingRecord(item.Id, rater, RatingOrder.IsSwapped(batch.Salt, item.Id, rater), choice, scale, reason,
            state.Time.GetUtcNow());
        await store.SaveAsync(rating, ct).ConfigureAwait(false);
        await StateChangeAudit.RecordAsync(http, state, "ratings.rate", "rate", StatusCodes.Status200OK, started,
            new StateChange("rating_saved", "applied", item.Id.ToString(CultureInfo.InvariantCulture), null, null,
                batch.Id.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        var ratedByYou = await store.RatedCountAsync(batch.Id, rater, ct).ConfigureAwait(false);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("item", item.Id);
            w.WriteNumber("rated_by_you", ratedByYou);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/ratings/batches/{batch}/agreement</c>: Cohen's kappa (two raters) or Fleiss' (more) on the choice.</summary>
    public static async Task AgreementAsync(HttpContext http, IRatingStore store, long batchId)
    {
        var ct = http.RequestAborted;
        if (await store.BatchAsync(batchId, ct).ConfigureAwait(false) is null)
        {
            await DashboardHttp.NotFoundAsync(http, $"no batch {batchId}").ConfigureAwait(false);
            return;
        }

        var ratings = await store.RatingsAsync(batchId, ct).ConfigureAwait(false);
        var agreement = InterRaterAgreement.Of(ratings);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("method", agreement.Method);
            WriteNumberOrNull(w, "kappa", agreement.Kappa);
            WriteNumberOrNull(w, "observed_agreement", agreement.ObservedAgreement);
            w.WriteNumber("items", agreement.Items);
            w.WriteNumber("raters", agreement.Raters);
            w.WriteNumber("ratings", ratings.Count);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/ratings/batches/{batch}/export</c>: the majority preferences as <c>pairs.jsonl</c>; what was left out
    /// is counted in the <c>X-AlignLab-Ties</c>, <c>X-AlignLab-Disagreements</c> and <c>X-AlignLab-Unrated</c> headers.
    /// </summary>
    public static async Task ExportAsync(HttpContext http, IRatingStore store, long batchId)
    {
        var ct = http.RequestAborted;
        if (await store.BatchAsync(batchId, ct).ConfigureAwait(false) is null)
        {
            await DashboardHttp.NotFoundAsync(http, $"no batch {batchId}").ConfigureAwait(false);
            return;
        }

        var byItem = (await store.RatingsAsync(batchId, ct).ConfigureAwait(false)).ToLookup(r => r.ItemId);
        var counts = new int[4];
        var body = new StringBuilder();
        await foreach (var item in store.ItemsAsync(batchId, ct).ConfigureAwait(false))
        {
            var (pair, outcome) = RatingConsensus.Decide(item, byItem[item.Id].ToList());
            counts[(int)outcome]++;
            if (pair is not null)
            {
                body.Append(JsonSerializer.Serialize(pair, RatingJsonContext.Lines.PreferencePair)).Append('\n');
            }
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture,
            $"attachment; filename=\"ratings-{batchId}-pairs.jsonl\"");
        http.Response.Headers["X-AlignLab-Pairs"] = counts[(int)RatingExportOutcome.Pair].ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-AlignLab-Ties"] = counts[(int)RatingExportOutcome.Tie].ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-AlignLab-Disagreements"] = counts[(int)RatingExportOutcome.Disagreement].ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-AlignLab-Unrated"] = counts[(int)RatingExportOutcome.Unrated].ToString(CultureInfo.InvariantCulture);
        await http.Response.WriteAsync(body.ToString(), ct).ConfigureAwait(false);
    }

    private static string ShownName(RatingChoice choice) => choice switch
    {
        RatingChoice.First => "a",
        RatingChoice.Second => "b",
        _ => "tie",
    };

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static Task WriteImportAsync(HttpContext http, int status, RatingBatch? batch, RatingImportResult read) =>
        DashboardHttp.JsonAsync(http, status, w =>
        {
            w.WriteStartObject();
            if (batch is null)
            {
                w.WriteStartObject("error");
                w.WriteString("message", "no usable pair in the file: each line needs prompt, chosen and rejected, or prompt and candidates");
                w.WriteString("type", "invalid_request_error");
                w.WriteString("code", "no_items");
                w.WriteEndObject();
            }
            else
            {
                w.WriteNumber("batch", batch.Id);
                w.WriteString("name", batch.Name);
            }

            w.WriteNumber("items", read.Items.Count);
            w.WriteNumber("malformed", read.Malformed);
            w.WriteNumber("over_limit", read.OverLimit);
            w.WriteStartArray("errors");
            foreach (var (line, message) in read.Errors)
            {
                w.WriteStartObject();
                w.WriteNumber("line", line);
                w.WriteString("message", message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
