namespace AlignLab.Pii;

/// <summary>
/// Turns the candidates of all scanners into non-overlapping entities: within each cluster of overlapping candidates
/// the highest confidence wins, then the longest, then the earliest. Each scanner emits non-overlapping candidates,
/// so the candidates' total length is at most a few times the text's and the occupancy marking is linear.
/// </summary>
internal static class OverlapResolver
{
    private static readonly Comparison<PiiEntity> ByStart = (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length);

    private static readonly Comparison<PiiEntity> ByPriority = (a, b) =>
    {
        var c = b.Confidence.CompareTo(a.Confidence);
        if (c != 0)
        {
            return c;
        }

        c = b.Length.CompareTo(a.Length);
        return c != 0 ? c : a.Start.CompareTo(b.Start);
    };

    public static PiiEntity[] Resolve(List<PiiEntity> candidates)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        candidates.Sort(ByStart);
        var result = new List<PiiEntity>(candidates.Count);
        var i = 0;
        while (i < candidates.Count)
        {
            var clusterEnd = candidates[i].End;
            var j = i + 1;
            while (j < candidates.Count && candidates[j].Start < clusterEnd)
            {
                clusterEnd = Math.Max(clusterEnd, candidates[j].End);
                j++;
            }

            if (j == i + 1)
            {
                result.Add(candidates[i]);
            }
            else
            {
                ResolveCluster(candidates.GetRange(i, j - i), candidates[i].Start, clusterEnd, result);
            }

            i = j;
        }

        result.Sort(ByStart);
        return [.. result];
    }

    private static void ResolveCluster(List<PiiEntity> cluster, int from, int to, List<PiiEntity> result)
    {
        cluster.Sort(ByPriority);
        var taken = new bool[to - from];
        foreach (var e in cluster)
        {
            var span = taken.AsSpan(e.Start - from, e.Length);
            if (span.Contains(true))
            {
                continue;
            }

            span.Fill(true);
            result.Add(e);
        }
    }
}
