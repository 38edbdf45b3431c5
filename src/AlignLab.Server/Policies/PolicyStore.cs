using AlignLab.Constitution;
using AlignLab.Diagnostics;

namespace AlignLab.Server.Policies;

/// <summary>
/// The policies the gateway serves: arm A and, for an A/B split, arm B. Reloads validate the new constitution
/// completely and swap it in atomically; on any error the old snapshot keeps serving.
/// </summary>
public sealed class PolicyStore
{
    /// <summary>The name of the main arm.</summary>
    public const string ArmA = "a";

    /// <summary>The name of the experimental arm.</summary>
    public const string ArmB = "b";

    private readonly PolicyBuilder _builder;
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private readonly Dictionary<string, PolicyArm> _arms = new(StringComparer.Ordinal);

    private PolicyStore(PolicyBuilder builder, double splitFraction)
    {
        _builder = builder;
        SplitFraction = splitFraction;
    }

    /// <summary>Share of subjects routed to arm B (0 when there is no arm B).</summary>
    public double SplitFraction { get; }

    /// <summary>The arms, A first.</summary>
    public IReadOnlyList<PolicyArm> Arms => [.. _arms.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];

    /// <summary>Whether an upstream model is configured.</summary>
    public bool HasUpstream => _builder.HasUpstream;

    /// <summary>Loads arm A (and B when given); throws <see cref="ConstitutionException"/> listing every problem of an invalid policy.</summary>
    public static PolicyStore Create(PolicyBuilder builder, string? policyPath, string? policyBPath, double splitFraction)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var store = new PolicyStore(builder, policyBPath is null ? 0 : splitFraction);
        store._arms[ArmA] = store.LoadInitial(ArmA, policyPath);
        if (policyBPath is not null)
        {
            store._arms[ArmB] = store.LoadInitial(ArmB, policyBPath);
        }

        return store;
    }

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

    /// <summary>Validates YAML text without serving it.</summary>
    public static ConstitutionLoadResult Validate(string yaml, string sourceName, string? baseDirectory) =>
        ConstitutionLoader.LoadText(yaml ?? string.Empty, sourceName, baseDirectory);

    /// <summary>
    /// Reloads an arm from new YAML text (<paramref name="yaml"/>) or, when null, from its file. When
    /// <paramref name="persist"/> is true and the text is valid, it is also written to the arm's file (atomically).
    /// </summary>
    public async Task<PolicyReloadResult> ReloadAsync(string arm, string? yaml, bool persist, CancellationToken cancellationToken)
    {
        var target = Find(arm) ?? throw new ArgumentException($"no arm '{arm}'", nameof(arm));
        await _reloadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string text;
            string sourceName;
            if (yaml is not null)
            {
                text = yaml;
                sourceName = target.Path ?? "inline";
            }
            else if (target.Path is null)
            {
                return new PolicyReloadResult(target.Current, [], "this arm serves the embedded default policy, which has no file to reload from; post the new YAML instead");
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

            var baseDir = target.Path is null ? Directory.GetCurrentDirectory() : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target.Path));
            var result = ConstitutionLoader.LoadText(text, sourceName, baseDir);
            if (!result.Success)
            {
                return new PolicyReloadResult(target.Current, result.Diagnostics);
            }

            PolicySnapshot next;
            try
            {
                next = _builder.Build(target.Name, result.Constitution!, target.Path ?? "inline", text);
            }
            catch (ArgumentException ex)
            {
                return new PolicyReloadResult(target.Current, result.Diagnostics, ex.Message);
            }

            if (persist && yaml is not null && target.Path is not null)
            {
                var tmp = target.Path + ".tmp";
                await File.WriteAllTextAsync(tmp, text, cancellationToken).ConfigureAwait(false);
                File.Move(tmp, target.Path, overwrite: true);
            }

            target.Swap(next);
            return new PolicyReloadResult(next, result.Diagnostics);
        }
        finally
        {
            _reloadLock.Release();
        }
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
            var constitution = ConstitutionLoader.LoadText(yaml, "default_constitution.yaml").GetOrThrow();
            return new PolicyArm(arm, null, _builder.Build(arm, constitution, "embedded default", yaml));
        }

        var result = ConstitutionLoader.LoadFile(path);
        var loaded = result.GetOrThrow();
        var text = File.ReadAllText(path);
        return new PolicyArm(arm, path, _builder.Build(arm, loaded, path, text));
    }
}
