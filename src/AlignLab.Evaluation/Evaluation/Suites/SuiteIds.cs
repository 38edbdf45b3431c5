namespace AlignLab.Evaluation.Suites;

/// <summary>
/// Makes case ids unique across the suites of one run: an id already taken gets its suite as a prefix
/// (<c>{suite}/{id}</c>), and then a counter (<c>#2</c>, <c>#3</c>…) if that is taken too. Only 64-bit hashes of the ids
/// are kept, about 20 bytes per case, so even very large runs stay small.
/// </summary>
internal sealed class SuiteIds
{
    private readonly HashSet<ulong> _seen = [];

    public string Unique(string id, string suite)
    {
        if (_seen.Add(Hash(id)))
        {
            return id;
        }

        var prefixed = suite + "/" + id;
        if (_seen.Add(Hash(prefixed)))
        {
            return prefixed;
        }

        for (var k = 2; ; k++)
        {
            var numbered = prefixed + "#" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_seen.Add(Hash(numbered)))
            {
                return numbered;
            }
        }
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units.</summary>
    private static ulong Hash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
