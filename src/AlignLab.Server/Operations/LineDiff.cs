using System.Globalization;
using System.Text;

namespace AlignLab.Server.Operations;

/// <summary>A unified diff of two texts, line by line (longest common subsequence, three lines of context).</summary>
public static class LineDiff
{
    /// <summary>Above this many line pairs (after the common head and tail are cut), the middle is shown as replaced whole.</summary>
    private const long MaxCells = 4_000_000;

    private const int Context = 3;

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/> with <c>---</c>/<c>+++</c> headers; empty when equal.</summary>
    public static string Unified(string? before, string? after, string beforeName, string afterName)
    {
        var a = Lines(before);
        var b = Lines(after);
        var ops = Operations(a, b);
        if (ops.All(o => o.Kind == ' '))
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        sb.Append("--- ").Append(beforeName).Append('\n').Append("+++ ").Append(afterName).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from Context lines before this change to Context lines after the last change closer than 2·Context.
            var start = Math.Max(0, i - Context);
            var end = i;
            var lastChange = i;
            while (end < ops.Count && (ops[end].Kind != ' ' || end - lastChange <= 2 * Context))
            {
                if (ops[end].Kind != ' ')
                {
                    lastChange = end;
                }

                end++;
            }

            end = Math.Min(ops.Count, lastChange + Context + 1);
            var aStart = ops[start].A;
            var bStart = ops[start].B;
            var aCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '+');
            var bCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '-');
            sb.Append(CultureInfo.InvariantCulture, $"@@ -{aStart + 1},{aCount} +{bStart + 1},{bCount} @@\n");
            for (var k = start; k < end; k++)
            {
                sb.Append(ops[k].Kind).Append(ops[k].Kind == '+' ? b[ops[k].B] : a[ops[k].A]).Append('\n');
            }

            i = end;
        }

        return sb.ToString();
    }

    /// <summary>Lines added and removed in a unified diff.</summary>
    public static (int Added, int Removed) Count(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var added = 0;
        var removed = 0;
        foreach (var line in diff.Split('\n'))
        {
            if (line.StartsWith('+') && !line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                added++;
            }
            else if (line.StartsWith('-') && !line.StartsWith("--- ", StringComparison.Ordinal))
            {
                removed++;
            }
        }

        return (added, removed);
    }

    private static string[] Lines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private readonly record struct Op(char Kind, int A, int B);

    private static List<Op> Operations(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var ops = new List<Op>(a.Length + b.Length);
        for (var k = 0; k < head; k++)
        {
            ops.Add(new Op(' ', k, k));
        }

        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        if ((long)n * m > MaxCells)
        {
            for (var k = 0; k < n; k++)
            {
                ops.Add(new Op('-', head + k, head));
            }

            for (var k = 0; k < m; k++)
            {
                ops.Add(new Op('+', head + n, head + k));
            }
        }
        else
        {
            // lcs[i, j]: the longest common subsequence of a[head+i..] and b[head+j..].
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[head + i] == b[head + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[head + x] == b[head + y])
                {
                    ops.Add(new Op(' ', head + x++, head + y++));
                }
                else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
                {
                    // Removals before additions, as diff -u shows them.
                    ops.Add(new Op('-', head + x++, head + y));
                }
                else
                {
                    ops.Add(new Op('+', head + x, head + y++));
                }
            }
        }

        for (var k = 0; k < tail; k++)
        {
            ops.Add(new Op(' ', a.Length - tail + k, b.Length - tail + k));
        }

        return ops;
    }
}
