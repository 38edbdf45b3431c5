namespace AlignLab.Classification.Data;

/// <summary>A seeded hash of a string that is the same on every machine and run, for ordering and sampling without <see cref="Random"/>.</summary>
internal static class SeededHash
{
    /// <summary>A 32-bit hash of <paramref name="key"/> under <paramref name="seed"/> and a purpose string.</summary>
    public static uint Of(int seed, string purpose, string key)
    {
        var h = StableHash.Of(purpose, unchecked((uint)seed));
        return StableHash.Of(key, h ^ 0x9E3779B9u);
    }

    /// <summary>The hash mapped to [0, 1).</summary>
    public static double Unit(int seed, string purpose, string key) => Of(seed, purpose, key) / 4294967296.0;

    /// <summary>Items ordered by their seeded hash (ties broken by the key, ordinal), i.e. a reproducible shuffle.</summary>
    public static IEnumerable<T> Order<T>(IEnumerable<T> items, Func<T, string> key, int seed, string purpose) =>
        items.Select(x => (Item: x, Key: key(x)))
            .OrderBy(x => Of(seed, purpose, x.Key))
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Item);
}
