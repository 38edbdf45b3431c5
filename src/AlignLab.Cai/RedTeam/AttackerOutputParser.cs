namespace AlignLab.Cai.RedTeam;

/// <summary>Reads the prompts out of an attacker's answer: one per line, list markers and wrapping quotes removed.</summary>
public static class AttackerOutputParser
{
    /// <summary>The prompts in <paramref name="output"/>, in order; lines that are preamble (ending with a colon) or too short are dropped.</summary>
    public static IReadOnlyList<string> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var prompts = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = StripMarker(raw.Trim());
            if (line.Length >= 2 && line[0] == '"' && line[^1] == '"')
            {
                line = line[1..^1].Trim();
            }

            if (line.Length < 8 || line.EndsWith(':') || line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            prompts.Add(line);
        }

        return prompts;
    }

    private static string StripMarker(string line)
    {
        if (line.Length > 1 && line[0] is '-' or '*' or '•' && line[1] == ' ')
        {
            return line[2..].Trim();
        }

        var i = 0;
        while (i < line.Length && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        return i > 0 && i < line.Length && line[i] is '.' or ')' or ':' ? line[(i + 1)..].Trim() : line;
    }
}
