using AlignLab.Training.Data;
using AlignLab.Training.Generation;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;

namespace AlignLab.Training.Tests.Sft;

/// <summary>
/// A small synthetic task: the user sends four to six lower-case letters with one digit hidden among them ("kq7xb"), the
/// assistant answers with the digit ("7"). Training and held-out prompts are disjoint strings, so answering held-out prompts
/// needs the rule (find the digit wherever it is), not memory.
/// </summary>
internal static class HiddenDigitTask
{
    public static (List<SftExample> Train, List<SftExample> HeldOut) Split(int train, int heldOut, int seed)
    {
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<SftExample>();
        while (all.Count < train + heldOut)
        {
            var letters = Enumerable.Range(0, 3 + random.Next(3)).Select(_ => (char)('a' + random.Next(26))).ToList();
            var digit = (char)('0' + random.Next(10));
            letters.Insert(random.Next(letters.Count + 1), digit);
            var word = new string([.. letters]);
            if (seen.Add(word))
            {
                all.Add(new SftExample([new SftMessage("user", word), new SftMessage("assistant", digit.ToString())]));
            }
        }

        return (all[..train], all[train..]);
    }

    /// <summary>The share of <paramref name="examples"/> whose greedy answer is exactly the expected one.</summary>
    public static double Accuracy(DecoderModel model, IReadOnlyList<SftExample> examples)
    {
        model.eval();
        var correct = 0;
        foreach (var example in examples)
        {
            var prompt = SftSequence.Prompt([example.Messages[0]], SftTokenizer.Byte);
            var answer = SftTokenizer.Byte.Decode(GreedyDecoder.Generate(model, prompt, 8));
            correct += answer == example.Messages[1].Content ? 1 : 0;
        }

        return (double)correct / examples.Count;
    }
}
