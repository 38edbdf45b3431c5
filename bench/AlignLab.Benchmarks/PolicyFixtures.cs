using System.Globalization;
using System.Text;
using AlignLab.Constitutions;

namespace AlignLab.Benchmarks;

/// <summary>Synthetic but realistic inputs for the benchmarks, generated deterministically.</summary>
internal static class PolicyFixtures
{
    private static readonly string[] Vocabulary =
    [
        "weather", "garden", "recipe", "travel", "budget", "history", "science", "music", "football", "holiday",
        "computer", "network", "kitchen", "painting", "library", "planet", "ocean", "forest", "mountain", "river",
    ];

    /// <summary>
    /// A constitution of <paramref name="ruleCount"/> rules: word-list triggers with contexts, one in ten a real
    /// regex. Synthetic keywords are letters only ("termcaxb"), like real rule words.
    /// </summary>
    public static Constitution Rules(int ruleCount)
    {
        var sb = new StringBuilder("constitutional_ai:\n  specific_rules:\n");
        for (var i = 0; i < ruleCount; i++)
        {
            var words = string.Join('|', Enumerable.Range(0, 5).Select(k => $"term{Letters(i)}x{Letters(k)}"));
            if (i % 10 == 9)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    - {{id: rule{i}, trigger: 'pat{Letters(i)}(ed|ing|s)?|re{Letters(i)}[a-z]{{2,8}}', action: log_only}}\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"    - {{id: rule{i}, trigger: \"{words}\", context: \"how to|step by step|ctx{Letters(i)}\", action: refuse_politely, message: \"No.\"}}\n");
            }
        }

        return ConstitutionLoader.LoadText(sb.ToString(), "bench.yaml").GetOrThrow();
    }

    /// <summary>A number spelled with letters (0 → "a", 27 → "bb"), so synthetic words contain no digits.</summary>
    public static string Letters(int n)
    {
        var s = string.Empty;
        do
        {
            s = (char)('a' + (n % 26)) + s;
            n /= 26;
        }
        while (n > 0);
        return s;
    }

    /// <summary>Ordinary English-like prose of about <paramref name="length"/> characters that fires no rule.</summary>
    public static string Prose(int length)
    {
        var random = new Random(42);
        var sb = new StringBuilder(length + 32);
        while (sb.Length < length)
        {
            sb.Append("The ").Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(" and the ")
              .Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(" are lovely today. ");
        }

        return sb.ToString(0, length);
    }
}
