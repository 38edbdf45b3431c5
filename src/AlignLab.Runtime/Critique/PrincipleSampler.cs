using AlignLab.Constitutions;

namespace AlignLab.Runtime.Critique;

/// <summary>Weight-proportional sampling of principles without replacement, deterministic for a given <see cref="Random"/>.</summary>
public static class PrincipleSampler
{
    /// <summary>The principles a run samples from: positive, finite weight, and a critique prompt when <paramref name="selection"/> asks for one.</summary>
    public static IReadOnlyList<Principle> Eligible(IReadOnlyList<Principle> principles, PrincipleSelection selection)
    {
        ArgumentNullException.ThrowIfNull(principles);
        return
        [
            .. principles.Where(p => p is not null
                && double.IsFinite(p.Weight) && p.Weight > 0
                && (selection != PrincipleSelection.WithCritiquePrompt || !string.IsNullOrWhiteSpace(p.CritiquePrompt))),
        ];
    }

    /// <summary>
    /// Draws up to <paramref name="count"/> distinct principles; each draw picks a remaining principle with probability
    /// proportional to its <see cref="Principle.Weight"/>. Returns them in the order drawn.
    /// </summary>
    public static IReadOnlyList<Principle> Sample(IReadOnlyList<Principle> eligible, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        ArgumentNullException.ThrowIfNull(random);
        var remaining = eligible.Where(p => double.IsFinite(p.Weight) && p.Weight > 0).ToList();
        var picked = new List<Principle>(Math.Min(count, remaining.Count));
        while (picked.Count < count && remaining.Count > 0)
        {
            var total = remaining.Sum(p => p.Weight);
            var r = random.NextDouble() * total;
            var index = remaining.Count - 1;
            for (var i = 0; i < remaining.Count; i++)
            {
                r -= remaining[i].Weight;
                if (r < 0)
                {
                    index = i;
                    break;
                }
            }

            picked.Add(remaining[index]);
            remaining.RemoveAt(index);
        }

        return picked;
    }
}
