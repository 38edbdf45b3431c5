using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using AlignLab.Models;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.Policies;

/// <summary>
/// The policies the gateway serves: arm A and, for an A/B split, arm B. Reloads validate the new constitution
/// completely and swap it in atomically; on any error the old snapshot keeps serving. A replaced snapshot is disposed
/// once the requests holding it finish (see <see cref="PolicyArm.Acquire"/>); disposing the store retires every arm.
/// </summary>
public sealed class PolicyStore : IDisposable
{
    /// <summary>The name of the main arm.</summary>
    public const string ArmA = "a";

    /// <summary>The name of the experimental arm.</summary>
    public const string ArmB = "b";

    private readonly PolicyBuilder _builder;
    private readonly SemaphoreSlim _compileLock = new(1, 1);
    private readonly Dictionary<string, PolicyArm> _arms = new(StringComparer.Ordinal);
    private readonly ConstitutionLoadOptions _fileOptions;
    private ConstitutionLoadOptions _uploadOptions;

    private double _splitFraction;

    private PolicyStore(PolicyBuilder builder, double splitFraction, PolicyUploadSettings uploads)
    {
        _builder = builder;
        _splitFraction = splitFraction;
        _fileOptions = uploads.Limits with { Includes = IncludeMode.Files, IncludeFolder = null, AllowedModels = null };
        _uploadOptions = _fileOptions;
    }

    /// <summary>How policies sent over the API are loaded: no includes (or by name from one folder) and only known models.</summary>
    public ConstitutionLoadOptions UploadOptions => _uploadOptions;

    /// <summary>Share of subjects routed to arm B (0 when there is no arm B, or once an A/B experiment has been promoted).</summary>
    public double SplitFraction => Volatile.Read(ref _splitFraction);

    /// <summary>Routes this share of subjects to arm B from now on (the split of a shared experiment; 0 after a promotion).</summary>
    internal void SetSplit(double fraction)
    {
        if (_arms.ContainsKey(ArmB))
        {
            Volatile.Write(ref _splitFraction, Math.Clamp(fraction, 0, 1));
        }
    }

    /// <summary>The arms, A first.</summary>
    public IReadOnlyList<PolicyArm> Arms => [.. _arms.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];

    /// <summary>Whether an upstream model is configured.</summary>
    public bool HasUpstream => _builder.HasUpstream;

    /// <summary>Loads arm A (and B when given); throws <see cref="ConstitutionException"/> listing every problem of an invalid policy.</summary>
    /// <param name="builder">Builds the serving snapshots.</param>
    /// <param name="policyPath">Arm A's file (null: the embedded default).</param>
    /// <param name="policyBPath">Arm B's file, or null for no split.</param>
    /// <param name="splitFraction">Share of subjects routed to arm B.</param>
    /// <param name="uploads">What policies sent over the API may do (null: <see cref="PolicyUploadSettings.Default"/>).</param>
    public static PolicyStore Create(PolicyBuilder builder, string? policyPath, string? policyBPath, double splitFraction,
        PolicyUploadSettings? uploads = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        uploads ??= PolicyUploadSettings.Default;
        var store = new PolicyStore(builder, policyBPath is null ? 0 : splitFraction, uploads);
        try
        {
            store._arms[ArmA] = store.LoadInitial(ArmA, policyPath);
            if (policyBPath is not null)
            {
                store._arms[ArmB] = store.LoadInitial(ArmB, policyBPath);
            }
        }
        catch
        {
            store.Dispose();
            throw;
        }

        // The models an upload may use: those configured for uploads, the upstream, and those of the policies the
        // operator started the gateway with (their files are trusted; an upload is not).
        var known = new List<ModelSpec>(uploads.AllowedModels);
        known.AddRange(store._arms.Values.SelectMany(a => a.Current.Constitution.Runtime.Models.Values));
        if (builder.UpstreamSpec is { } upstream)
        {
            known.Add(upstream);
        }

        store._uploadOptions = uploads.Limits with
        {
            Includes = uploads.IncludeFolder is null ? IncludeMode.None : IncludeMode.Folder,
            IncludeFolder = uploads.IncludeFolder,
            AllowedModels = known,
        };
        return store;
    }

    /// <summary>Creates a chat client for <paramref name="spec"/> the way the policies' clients are made; the caller disposes it.</summary>
    public IChatClient CreateClient(ModelSpec spec) => _builder.CreateClient(spec);

    /// <summary>The arm with this name, or null.</summary>
    public PolicyArm? Find(string name) => _arms.GetValueOrDefault(name);

    /// <summary>The arm serving a subject: a stable hash of the subject decides, so one user stays in one arm.</summary>
    public PolicyArm Select(string subject)
    {
        if (SplitFraction <= 0 || !_arms.TryGetValue(ArmB, out var b))
        {
            return _arms[ArmA];
        }

        var bucket = Fnv1a(subject ?? string.Empty) % 10_000 / 10_000.0;
        return bucket < SplitFraction ? b : _arms[ArmA];
    }

    /// <summary>Validates YAML text sent over the API without serving it (under <see cref="UploadOptions"/>, off the request threads).</summary>
    public async Task<ConstitutionLoadResult> ValidateUploadAsync(string yaml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        await _compileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await OnCompileThreadAsync(() => ConstitutionLoader.LoadText(yaml, UploadedSourceName, null, _uploadOptions),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _compileLock.Release();
        }
    }

    /// <summary>The file name diagnostics give a policy sent over the API (never a path on the server).</summary>
    public const string UploadedSourceName = "policy.yaml";

    /// <summary>
    /// Loading and compiling a policy takes seconds for a large one: it runs on a thread of its own, one at a time, so
    /// that it cannot take the thread pool's threads from serving requests.
    /// </summary>
    private static Task<T> OnCompileThreadAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Reloads an arm from new YAML text (<paramref name="yaml"/>) or, when null, from its file. When
    /// <paramref name="persist"/> is true and the text is valid, it is also written to the arm's file (atomically).
    /// </summary>
    public async Task<PolicyReloadResult> ReloadAsync(string arm, string? yaml, bool persist, CancellationToken cancellationToken)
    {
        var target = Find(arm) ?? throw new ArgumentException($"no arm '{arm}'", nameof(arm));
        await _compileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReloadLockedAsync(target, yaml, persist, trusted: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _compileLock.Release();
        }
    }

    /// <summary>
    /// Serves <paramref name="yaml"/> on an arm, loaded as a file (<paramref name="trusted"/>: includes allowed, as the
    /// operator's own files are) or as an upload, and writes it to the arm's file when it has one (so that a restart
    /// keeps it). Used by rollbacks and promotions, which re-apply a version the history holds. Returns null, changing
    /// nothing, when <paramref name="waitForReload"/> is false and another reload is compiling.
    /// </summary>
    internal async Task<PolicyReloadResult?> ApplyAsync(string arm, string yaml, bool trusted, bool waitForReload,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var target = Find(arm) ?? throw new ArgumentException($"no arm '{arm}'", nameof(arm));
        if (waitForReload)
        {
            await _compileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!await _compileLock.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return await ReloadLockedAsync(target, yaml, persist: true, trusted, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _compileLock.Release();
        }
    }

    /// <summary>Whether a reload is compiling now (for tests of what happens meanwhile).</summary>
    internal bool ReloadInFlight => _compileLock.CurrentCount == 0;

    /// <summary>Holds the reload lock until disposed, as a long compile would (tests of a rollback during a reload).</summary>
    internal async Task<IDisposable> HoldReloadLockAsync()
    {
        await _compileLock.WaitAsync().ConfigureAwait(false);
        return new LockRelease(_compileLock);
    }

    private sealed class LockRelease(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }

    private async Task<PolicyReloadResult> ReloadLockedAsync(PolicyArm target, string? yaml, bool persist, bool trusted,
        CancellationToken cancellationToken)
    {
        string text;
        string sourceName;
        if (yaml is not null)
        {
            text = yaml;
            sourceName = UploadedSourceName;
        }
        else if (target.Path is null)
        {
            return new PolicyReloadResult(target.Current, [],
                "this arm serves the embedded default policy, which has no file to reload from; post the new YAML instead");
        }
        else
        {
            try
            {
                text = await File.ReadAllTextAsync(target.Path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                return new PolicyReloadResult(target.Current, [], $"cannot read {target.Path}: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                return new PolicyReloadResult(target.Current, [], $"cannot read {target.Path}: {ex.Message}");
            }

            sourceName = target.Path;
        }

        var baseDir = target.Path is null ? Directory.GetCurrentDirectory()
            : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target.Path));
        var options = yaml is null || trusted ? _fileOptions : _uploadOptions;
        var (result, next, error) = await OnCompileThreadAsync(() => Compile(target, text, sourceName, baseDir, options),
            cancellationToken).ConfigureAwait(false);
        if (next is null)
        {
            return new PolicyReloadResult(target.Current, result.Diagnostics, error);
        }

        if (persist && yaml is not null && target.Path is not null)
        {
            try
            {
                var tmp = target.Path + ".tmp";
                await File.WriteAllTextAsync(tmp, text, cancellationToken).ConfigureAwait(false);
                File.Move(tmp, target.Path, overwrite: true);
            }
            catch
            {
                next.Dispose();
                throw;
            }
        }

        target.Swap(next);
        return new PolicyReloadResult(next, result.Diagnostics);
    }

    private (ConstitutionLoadResult Result, PolicySnapshot? Next, string? Error) Compile(PolicyArm target, string text, string sourceName,
        string? baseDir, ConstitutionLoadOptions options)
    {
        var result = ConstitutionLoader.LoadText(text, sourceName, baseDir, options);
        if (!result.Success)
        {
            return (result, null, null);
        }

        if (ReferenceEquals(options, _uploadOptions) && result.Constitution!.Runtime.ReviewQueuePath is not null)
        {
            return (result, null,
                "review_queue.path: a policy sent over the API cannot name a database file; the gateway's review queue is used for every policy");
        }

        try
        {
            return (result, _builder.Build(target.Name, result.Constitution!, target.Path ?? "inline", text), null);
        }
        catch (ArgumentException ex)
        {
            return (result, null, ex.Message);
        }
    }

    /// <summary>Retires every arm: each serving snapshot is disposed once the requests holding it finish.</summary>
    public void Dispose()
    {
        foreach (var arm in _arms.Values)
        {
            arm.Dispose();
        }

        _compileLock.Dispose();
    }

    private static ulong Fnv1a(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    private PolicyArm LoadInitial(string arm, string? path)
    {
        if (path is null)
        {
            var yaml = ConstitutionLoader.ReadDefaultText();
            var constitution = ConstitutionLoader.LoadText(yaml, "default_constitution.yaml", null, _fileOptions).GetOrThrow();
            return new PolicyArm(arm, null, _builder.Build(arm, constitution, "embedded default", yaml));
        }

        var result = ConstitutionLoader.LoadFile(path, _fileOptions);
        var loaded = result.GetOrThrow();
        var text = File.ReadAllText(path);
        return new PolicyArm(arm, path, _builder.Build(arm, loaded, path, text));
    }
}
