using AlignLab.Training.Data;

namespace AlignLab.Training.Tests.Preferences;

/// <summary>
/// Synthetic preference pairs: the prompt asks for a word in upper or lower case ("upper: kqxb"), the chosen answer is the
/// word in that case and the rejected one is the same word in the other case. Half the prompts ask for each case, so an
/// untrained model prefers the chosen answer about half the time whatever its bias towards either case; held-out words are
/// not among the training ones.
/// </summary>
internal static class CaseTask
{
    public static (List<PreferenceExample> Train, List<PreferenceExample> HeldOut) Split(int train, int heldOut, int seed)
    {
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<PreferenceExample>();
        while (all.Count < train + heldOut)
        {
            var word = new string([.. Enumerable.Range(0, 3 + random.Next(3)).Select(_ => (char)('a' + random.Next(26)))]);
            if (!seen.Add(word))
            {
                continue;
            }

            var upper = random.Next(2) == 0;
            var (chosen, rejected) = upper ? (word.ToUpperInvariant(), word) : (word, word.ToUpperInvariant());
            all.Add(new PreferenceExample($"{(upper ? "upper" : "lower")}: {word}", chosen, rejected));
        }

        return (all[..train], all[train..]);
    }

    /// <summary>
    /// A stand-in for the sentence encoder: a few features of the text (share of upper- and lower-case letters, which case
    /// the text asks for, its length) and three values of a hash, so the head has noise to ignore.
    /// </summary>
    public static float[] Embed(string text)
    {
        var letters = Math.Max(1, text.Count(char.IsLetter));
        var hash = text.Aggregate(17u, (h, c) => (h * 31) + c);
        return
        [
            (float)text.Count(char.IsUpper) / letters, (float)text.Count(char.IsLower) / letters,
            text.StartsWith("upper:", StringComparison.Ordinal) ? 1 : 0, text.StartsWith("lower:", StringComparison.Ordinal) ? 1 : 0,
            text.Length / 10f, (hash % 97) / 97f, (hash / 97 % 89) / 89f, (hash / 8633 % 83) / 83f,
        ];
    }
}
