using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.Policies;
using AlignLab.Server.Telemetry;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Operations;

/// <summary>
/// The gateway's side of policy history, A/B experiments and auto-rollback: it records every applied version in the
/// <see cref="IOperationsStore"/>, rolls an arm back to a recorded version, promotes an experiment's winner, and undoes a
/// watched change whose metrics breach a bound (with an audit record and a log event).
/// </summary>
public sealed class PolicyOperations
{
    /// <summary>Decisions each arm needs before an experiment's test is read (and before a promotion without force).</summary>
    public const int DefaultMinimumSample = 100;

    /// <summary>The author of automatic rollbacks in the history and the audit log.</summary>
    public const string AutoRollbackAuthor = "auto-rollback";

    private readonly PolicyStore _policies;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _origins = new(StringComparer.Ordinal);

    internal PolicyOperations(IOperationsStore store, PolicyStore policies, IAuditLog audit, AutoRollbackOptions autoRollback, TimeProvider time,
        ILogger logger)
    {
        Store = store;
        _policies = policies;
        _audit = audit;
        _time = time;
        _logger = logger;
        Monitor = new AutoRollbackMonitor(autoRollback, time, logger) { Breached = RollBackAutomaticallyAsync };
    }

    /// <summary>The store.</summary>
    public IOperationsStore Store { get; }

    internal AutoRollbackMonitor Monitor { get; }

    /// <summary>
    /// At startup: records each arm's version when it differs from the arm's last recorded one, and with two arms joins
    /// (or starts) the shared experiment, whose split then decides assignments on this replica too.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var arm in _policies.Arms)
        {
            _origins[arm.Name] = "file";
            var current = arm.Current;
            var last = (await Store.HistoryAsync(arm.Name, null, null, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            if (last?.Version != current.Version)
            {
                await AppendAsync(arm.Name, last?.Version, last?.Yaml, current, "startup", "startup", "file", null,
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await JoinExperimentAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a reload made over the API (<paramref name="uploaded"/>: YAML sent in the request) and starts watching it.
    /// A failure of the store is logged, not thrown: the change is made and its audit record says so.
    /// </summary>
    public async Task RecordReloadAsync(string arm, PolicySnapshot before, PolicySnapshot after, string author, bool uploaded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var previousOrigin = _origins.GetValueOrDefault(arm, "file");
        var origin = uploaded ? "upload" : "file";
        _origins[arm] = origin;
        if (before.Version == after.Version)
        {
            return;
        }

        await TryAppendAsync(arm, before.Version, before.Yaml, after, uploaded ? "upload" : "reload", author, origin, null,
            cancellationToken).ConfigureAwait(false);

        await WatchAsync(arm, before, previousOrigin, after, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a recorded version on an arm again (and writes it to the arm's file). Never waits for another reload:
    /// with one compiling, nothing changes and the outcome says <see cref="PolicyChangeStatus.Busy"/>.
    /// </summary>
    /// <exception cref="OperationsStoreException">The store cannot be read.</exception>
    /// <exception cref="ArgumentException">The version is malformed or names more than one version.</exception>
    public async Task<PolicyChangeOutcome> RollbackAsync(string arm, string toVersion, string author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toVersion);
        if (_policies.Find(arm) is not { } target)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.NotFound, $"no arm '{arm}'", "");
        }

        var entry = await Store.FindVersionAsync(toVersion.Trim(), arm, cancellationToken).ConfigureAwait(false)
            ?? await Store.FindVersionAsync(toVersion.Trim(), null, cancellationToken).ConfigureAwait(false);
        var before = target.Current;
        if (entry?.Yaml is null)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.NotFound,
                $"no policy version '{toVersion}' in the history (see 'alignlab policy history'); arm {arm} still serves {before.Version}",
                before.Version);
        }

        if (entry.Version == before.Version)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.Unchanged, $"arm {arm} already serves version {before.Version}", before.Version);
        }

        var result = await _policies.ApplyAsync(arm, entry.Yaml, entry.Origin == "file", waitForReload: false,
            cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.Busy,
                $"a policy reload is in flight; nothing was changed (arm {arm} still serves {before.Version}): try again when it has finished",
                before.Version);
        }

        if (!result.Success)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.Refused,
                $"version {entry.Version} no longer loads ({result.Error ?? "see the diagnostics"}); arm {arm} still serves {before.Version}",
                result.Serving.Version, null, result.Diagnostics);
        }

        Monitor.Stop(arm);
        _origins[arm] = entry.Origin;
        var written = await TryAppendAsync(arm, before.Version, before.Yaml, result.Serving, "rollback", author, entry.Origin,
            $"rolled back from {before.Version}", cancellationToken).ConfigureAwait(false);
        OperationsLog.RolledBack(_logger, arm, result.Serving.Version, author);
        return new PolicyChangeOutcome(PolicyChangeStatus.Applied, $"arm {arm} serves version {result.Serving.Version} again", result.Serving.Version,
            written);
    }

    /// <summary>The open experiment's status, or null when none is open or ended.</summary>
    public async Task<AbStatus?> StatusAsync(int minimumSample, CancellationToken cancellationToken)
    {
        if (await Store.CurrentExperimentAsync(cancellationToken).ConfigureAwait(false) is not { } experiment)
        {
            return null;
        }

        var counts = await Store.CountArmsAsync(experiment, cancellationToken).ConfigureAwait(false);
        return AbStatus.From(experiment, counts, minimumSample);
    }

    /// <summary>
    /// Ends the open experiment with <paramref name="arm"/> as the winner: arm A serves the winner's policy from now on (and
    /// in its file), every subject goes to arm A, and the history records the promotion. Without <paramref name="force"/>,
    /// refused until each arm has <paramref name="minimumSample"/> decisions.
    /// </summary>
    public async Task<PolicyChangeOutcome> PromoteAsync(string arm, string author, bool force, int minimumSample, CancellationToken cancellationToken)
    {
        var a = _policies.Find(PolicyStore.ArmA)!;
        if (arm is not (PolicyStore.ArmA or PolicyStore.ArmB) || _policies.Find(arm) is not { } winner)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.NotFound,
                $"no arm '{arm}' on this gateway (arms: {string.Join(", ", _policies.Arms.Select(x => x.Name))})", a.Current.Version);
        }

        var status = await StatusAsync(minimumSample, cancellationToken).ConfigureAwait(false);
        if (status is null || status.Experiment.EndedAt is not null)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.NotFound, "no A/B experiment is running (start the gateway with a policy for arm b)",
                a.Current.Version);
        }

        if (!force && !status.EnoughData)
        {
            return new PolicyChangeOutcome(PolicyChangeStatus.Refused, $"{status.Verdict}; nothing was changed (force promotes anyway)",
                a.Current.Version);
        }

        var before = a.Current;
        var serving = before;
        var origin = _origins.GetValueOrDefault(arm, "file");
        if (arm == PolicyStore.ArmB && winner.Current.Version != before.Version)
        {
            var result = await _policies.ApplyAsync(PolicyStore.ArmA, winner.Current.Yaml ?? "", origin == "file", waitForReload: false,
                cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                return new PolicyChangeOutcome(PolicyChangeStatus.Busy,
                    "a policy reload is in flight; nothing was changed: try again when it has finished", before.Version);
            }

            if (!result.Success)
            {
                return new PolicyChangeOutcome(PolicyChangeStatus.Refused,
                    $"arm b's policy did not load on arm a ({result.Error ?? "see the diagnostics"}); nothing was changed",
                    before.Version, null, result.Diagnostics);
            }

            serving = result.Serving;
            _origins[PolicyStore.ArmA] = origin;
        }

        _policies.SetSplit(0);
        var now = _time.GetUtcNow();
        try
        {
            await Store.EndExperimentAsync(status.Experiment.Id, arm, now, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationsStoreException e)
        {
            OperationsLog.HistoryWriteFailed(_logger, arm, serving.Version, "ending the experiment: " + e.Message);
        }

        var detail = string.Create(CultureInfo.InvariantCulture, $"experiment {status.Experiment.Id}: arm {arm} ({winner.Current.Version}) ")
            + string.Create(CultureInfo.InvariantCulture,
                $"promoted; block rate a {status.A.BlockRate:P1}, b {status.B.BlockRate:P1}, p = {status.BlockRateP:0.####}");
        var written = await TryAppendAsync(PolicyStore.ArmA, before.Version, before.Yaml, serving, "promote", author, origin, detail,
            cancellationToken).ConfigureAwait(false);
        OperationsLog.Promoted(_logger, status.Experiment.Id, arm, author);
        if (serving.Version != before.Version)
        {
            await WatchAsync(PolicyStore.ArmA, before, "file", serving, cancellationToken).ConfigureAwait(false);
        }

        return new PolicyChangeOutcome(PolicyChangeStatus.Applied, $"arm {arm} promoted: arm a serves {serving.Version} to every subject",
            serving.Version, written);
    }

    private async Task WatchAsync(string arm, PolicySnapshot before, string previousOrigin, PolicySnapshot after, CancellationToken cancellationToken)
    {
        if (!Monitor.Options.Enabled)
        {
            return;
        }

        // The previous version's block rate: as this replica saw it, else from every replica's audit records of the window before.
        var (requests, blocked) = Monitor.Served(arm, before.Version);
        if (requests < Monitor.Options.MinRequests)
        {
            try
            {
                var now = _time.GetUtcNow();
                (requests, blocked) = await Store.CountVersionAsync(arm, before.Version, now - Monitor.Options.Window, now,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationsStoreException e)
            {
                OperationsLog.HistoryWriteFailed(_logger, arm, before.Version, e.Message);
            }
        }

        Monitor.Start(arm, before.Version, before.Yaml, previousOrigin, after.Version, requests, blocked);
    }

    /// <summary>The monitor's breach handler: rolls the arm back to the version before the change, audits and logs it.</summary>
    private async Task RollBackAutomaticallyAsync(ChangeWatch watch)
    {
        var target = _policies.Find(watch.Arm);
        var badYaml = target?.Current.Yaml;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string? error = null;
        PolicyReloadResult? result = null;
        if (target is null || target.Current.Version != watch.NewVersion)
        {
            error = $"the arm no longer serves {watch.NewVersion}";
        }
        else if (watch.PreviousYaml is null)
        {
            error = $"the text of {watch.PreviousVersion} is not known";
        }
        else
        {
            try
            {
                // Waits for a reload in flight: the breach stands whatever it brings (a later change starts a watch of its own).
                result = await _policies.ApplyAsync(watch.Arm, watch.PreviousYaml, watch.PreviousOrigin == "file", waitForReload: true,
                    CancellationToken.None).ConfigureAwait(false);
                error = result!.Success ? null : result.Error ?? "the previous version no longer loads";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                error = e.Message;
            }
        }

        watch.State = error is null ? "rolled_back" : "rollback_failed";
        GatewayTelemetry.Reloads.Add(1, new KeyValuePair<string, object?>("arm", watch.Arm),
            new KeyValuePair<string, object?>("result", error is null ? "auto_rollback" : "auto_rollback_failed"));
        if (error is not null)
        {
            OperationsLog.AutoRollbackFailed(_logger, watch.Arm, watch.NewVersion, watch.PreviousVersion, error);
        }
        else
        {
            OperationsLog.AutoRolledBack(_logger, watch.Arm, watch.NewVersion, watch.Breach ?? "a bound", watch.PreviousVersion);
            _origins[watch.Arm] = watch.PreviousOrigin;
            await TryAppendAsync(watch.Arm, watch.NewVersion, badYaml, result!.Serving, "auto_rollback", AutoRollbackAuthor, watch.PreviousOrigin,
                $"{watch.Breach}; rolled back from {watch.NewVersion}", CancellationToken.None).ConfigureAwait(false);
        }

        var serving = target?.Current ?? _policies.Find(PolicyStore.ArmA)!.Current;
        var change = new StateChange("policy_auto_rollback", error is null ? "applied" : "failed", watch.Arm, watch.NewVersion, serving.Version,
            error is null ? watch.Breach : $"{watch.Breach}; rollback failed: {error}");
        var record = new AuditRecord(GatewayState.NewAuditId(), _time.GetUtcNow(), AutoRollbackAuthor, "policies.auto_rollback", watch.Arm,
            serving.Constitution.Name, serving.Version, error is null ? "auto_rollback" : "auto_rollback_failed", Flagged: false,
            error is null ? 200 : 500, GatewayState.ElapsedMs(started), null, JsonSerializer.Serialize(change,
                StateChangeJsonContext.Default.StateChange));
        try
        {
            await _audit.AppendAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AuditLogException e)
        {
            OperationsLog.HistoryWriteFailed(_logger, watch.Arm, serving.Version, "audit record: " + e.Message);
        }
    }

    /// <summary>With two arms, joins the experiment of their versions and applies its split (nothing after a promotion).</summary>
    private async Task JoinExperimentAsync(CancellationToken cancellationToken)
    {
        if (_policies.Find(PolicyStore.ArmB) is not { } b || !(_policies.SplitFraction > 0))
        {
            return;
        }

        var a = _policies.Find(PolicyStore.ArmA)!;
        if (a.Current.Version == b.Current.Version)
        {
            return;
        }

        var experiment = await Store.JoinExperimentAsync(a.Current.Version, b.Current.Version, _policies.SplitFraction, _time.GetUtcNow(),
            cancellationToken).ConfigureAwait(false);
        _policies.SetSplit(experiment.Split);
    }

    /// <summary>
    /// Records a change already made, then rejoins the experiment its versions make: a store failure is logged (the
    /// change stands, and its audit record says so) and gives null.
    /// </summary>
    private async Task<PolicyVersionEntry?> TryAppendAsync(string arm, string? previousVersion, string? previousYaml, PolicySnapshot serving,
        string reason,
        string author, string origin, string? detail, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await AppendAsync(arm, previousVersion, previousYaml, serving, reason, author, origin, detail,
                cancellationToken).ConfigureAwait(false);
            await JoinExperimentAsync(cancellationToken).ConfigureAwait(false);
            return entry;
        }
        catch (OperationsStoreException e)
        {
            OperationsLog.HistoryWriteFailed(_logger, arm, serving.Version, e.Message);
            return null;
        }
    }

    private Task<PolicyVersionEntry> AppendAsync(string arm, string? previousVersion, string? previousYaml, PolicySnapshot serving, string reason,
        string author,
        string origin, string? detail, CancellationToken cancellationToken)
    {
        var diff = previousYaml is null && previousVersion is not null
            ? ""
            : LineDiff.Unified(previousYaml, serving.Yaml, previousVersion ?? "(none)", serving.Version);
        var entry = new PolicyVersionEntry(0, arm, serving.Version, serving.Constitution.Name, author, _time.GetUtcNow(), reason, previousVersion,
            origin,
            serving.Yaml, diff, detail);
        return Store.AppendVersionAsync(entry, cancellationToken);
    }
}
