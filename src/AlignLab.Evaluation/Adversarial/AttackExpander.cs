namespace AlignLab.Adversarial;

/// <summary>Expands a suite of prompts into attack cases: one per (case, transform).</summary>
public static class AttackExpander
{
    /// <summary>The character between the parent id and the transform name in an <see cref="AttackCase.Id"/>.</summary>
    public const char IdSeparator = '~';

    /// <summary>
    /// Yields, for each case in order and each transform in order, the case rewritten by the transform with the random source
    /// <see cref="PromptTransforms.RandomFor(int, string, string)"/>(<paramref name="seed"/>, transform name, case id). The output is
    /// the same for the same inputs and seed, whatever else is expanded, and the cases are read lazily, one at a time.
    /// </summary>
    /// <param name="cases">The prompts with their ids. Read once, lazily; not stored.</param>
    /// <param name="transforms">The transforms to apply; read once, when this method is called. Names must be distinct.</param>
    /// <param name="seed">The run's seed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cases"/> or <paramref name="transforms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="transforms"/> holds a null or two transforms with the same name.</exception>
    /// <remarks>While enumerating, a case with a null id or text throws <see cref="ArgumentException"/>.</remarks>
    public static IEnumerable<AttackCase> Expand(IEnumerable<(string Id, string Text)> cases, IEnumerable<IPromptTransform> transforms, int seed)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(transforms);
        var list = transforms.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in list)
        {
            if (t is null)
            {
                throw new ArgumentException("The transforms must not contain null.", nameof(transforms));
            }

            if (!names.Add(t.Name))
            {
                throw new ArgumentException($"The transform '{t.Name}' is listed twice; attack case ids would collide.", nameof(transforms));
            }
        }

        return Iterate(cases, list, seed);
    }

    private static IEnumerable<AttackCase> Iterate(IEnumerable<(string Id, string Text)> cases, IPromptTransform[] transforms, int seed)
    {
        foreach (var (id, text) in cases)
        {
            if (id is null || text is null)
            {
                throw new ArgumentException("A case has a null id or text.", nameof(cases));
            }

            foreach (var t in transforms)
            {
                var rewritten = t.Apply(text, PromptTransforms.RandomFor(seed, t.Name, id));
                yield return new AttackCase(id + IdSeparator + t.Name, id, t.Name, rewritten);
            }
        }
    }
}
