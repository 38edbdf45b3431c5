using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using AlignLab.Classification;
using AlignLab.Server.Audit;
using AlignLab.Server.Policies;
using AlignLab.Server.Security;
using AlignLab.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Hosting;

/// <summary>The gateway's shared state: options, policies, audit log, classifier and per-arm statistics.</summary>
public sealed class GatewayState
{
    private readonly ConcurrentDictionary<string, ArmStatistics> _arms = new(StringComparer.Ordinal);

    public GatewayState(GatewayOptions options, PolicyStore policies, IAuditLog audit, SafetyClassifier? classifier)
    {
        Options = options;
        Policies = policies;
        Audit = audit;
        Classifier = classifier;
    }

    /// <summary>The options the gateway started with.</summary>
    public GatewayOptions Options { get; }

    /// <summary>The served policies.</summary>
    public PolicyStore Policies { get; }

    /// <summary>The audit log.</summary>
    public IAuditLog Audit { get; }

    /// <summary>The classifier for <c>/api/classify</c> (null: none available).</summary>
    public SafetyClassifier? Classifier { get; }

    /// <summary>Time source.</summary>
    public TimeProvider Time => Options.TimeProvider;

    /// <summary>Sees every content decision as it is recorded (the auto-rollback monitor).</summary>
    internal Action<AuditRecord, bool>? DecisionObserver { get; set; }

    /// <summary>Statistics of an arm.</summary>
    public ArmStatistics StatsFor(string arm) => _arms.GetOrAdd(arm, _ => new ArmStatistics());

    /// <summary>The arm serving this request: keyed by the caller and the end user (or per request when none is named).</summary>
    public PolicyArm SelectArm(HttpContext context, string? user)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subject = user ?? context.Request.Headers["X-AlignLab-Subject"].ToString();
        if (string.IsNullOrEmpty(subject))
        {
            subject = context.TraceIdentifier;
        }

        return Policies.Select(Caller.Of(context).Name + "\u001f" + subject);
    }

    /// <summary>A new audit id (time-ordered: a UUID version 7 as 32 hex digits).</summary>
    public static string NewAuditId() => AuditIds.New(DateTimeOffset.UtcNow);

    /// <summary>SHA-256 of a text, hex.</summary>
    public static string Sha256(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (text.Length <= 512)
        {
            // The usual case, without a heap copy of the text's bytes.
            Span<byte> utf8 = stackalloc byte[512 * 3];
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(text, utf8)], hash);
        }
        else
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            try
            {
                SHA256.HashData(bytes.AsSpan(0, Encoding.UTF8.GetBytes(text, bytes)), hash);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Records a decision: metrics, arm statistics (unless <paramref name="armStatistics"/> is false) and the audit log.
    /// Completes when the audit record is committed; throws <see cref="AuditLogException"/> (or a timeout) when it could not be.
    /// </summary>
    public async Task RecordAsync(HttpContext context, AuditRecord record, bool blocked, CancellationToken cancellationToken, bool armStatistics = true)
    {
        ArgumentNullException.ThrowIfNull(record);
        context?.Features.Set(new GatewayDecisionFeature(record.Action, record.Arm, record.Id, record.Context, record.Profile));
        var error = record.Status >= 400;
        if (armStatistics)
        {
            StatsFor(record.Arm).Record(record.Flagged, blocked, error, record.LatencyMs);
            DecisionObserver?.Invoke(record, blocked);
        }

        GatewayTelemetry.Requests.Add(1,
            new KeyValuePair<string, object?>("endpoint", record.Endpoint),
            new KeyValuePair<string, object?>("arm", record.Arm),
            new KeyValuePair<string, object?>("action", record.Action),
            new KeyValuePair<string, object?>("status", record.Status));
        GatewayTelemetry.RecordRequestDuration(record.LatencyMs, record.Endpoint, record.Arm);
        var append = Audit.AppendAsync(record, cancellationToken);
        if (append.IsCompleted)
        {
            // Committed (or failed) on this thread: no timer needed.
            await append.ConfigureAwait(false);
            return;
        }

        try
        {
            await append.WaitAsync(Options.AuditCommitTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AuditLogException($"the audit record was not committed within {Options.AuditCommitTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// <see cref="RecordAsync"/>, answering 503 in the OpenAI error shape when the record could not be committed;
    /// returns whether the request may go on to send its answer.
    /// </summary>
    public async Task<bool> TryRecordAsync(HttpContext context, AuditRecord record, bool blocked, bool armStatistics = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await RecordAsync(context, record, blocked, context.RequestAborted, armStatistics).ConfigureAwait(false);
            return true;
        }
        catch (AuditLogException ex)
        {
            await OpenAi.OpenAiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message, "server_error", "audit_unavailable").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// <see cref="RecordAsync"/> for a request that already failed: the record is committed if the store can, and an
    /// audit failure is swallowed (the failed request is already counted in the metrics and, unless excluded, the arm's
    /// errors; the caller's error answer is what matters).
    /// </summary>
    public async Task RecordBestEffortAsync(HttpContext context, AuditRecord record, bool armStatistics = true)
    {
        try
        {
            await RecordAsync(context, record, blocked: false, CancellationToken.None, armStatistics).ConfigureAwait(false);
        }
        catch (AuditLogException)
        {
            // See the summary.
        }
    }

    /// <summary>Milliseconds since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public static double ElapsedMs(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
