namespace AlignLab.Server.Policies;

/// <summary>One arm of the gateway: a policy file and the snapshot now serving it.</summary>
public sealed class PolicyArm
{
    private PolicySnapshot _current;

    internal PolicyArm(string name, string? path, PolicySnapshot initial)
    {
        Name = name;
        Path = path;
        _current = initial;
    }

    /// <summary>"a" or "b".</summary>
    public string Name { get; }

    /// <summary>The file reloads read from (null: the embedded default, which cannot be reloaded from disk).</summary>
    public string? Path { get; }

    /// <summary>The snapshot serving now.</summary>
    public PolicySnapshot Current => Volatile.Read(ref _current);

    internal void Swap(PolicySnapshot next) => Volatile.Write(ref _current, next);
}
