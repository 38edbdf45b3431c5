using AlignLab.Normalization;

namespace AlignLab.Classification;

/// <summary>
/// Explains one output of a <see cref="SafetyModel"/> (linear tier): each feature's share of the log-odds is spread over
/// the characters it came from and summed per word, runs of positive words become phrases, and the phrases are mapped
/// back to the original text. The view explained is the one that gave the output its score, and within it the window
/// (see <see cref="WindowedScoring"/>) when a window did: its features are those inside it, as when it was scored.
/// </summary>
internal static class ModelExplainer
{
    public static Explanation Explain(SafetyModel model, NormalizedText text, int label, int maxPhrases, SafetyScores scores)
    {
        var (view, window) = Locate(model, text, label, scores);
        var buckets = new List<int>();
        var spans = new List<(int Start, int Length)>();
        var sink = new FeatureListSink(buckets, spans);
        NgramFeaturizer.Extract(view.Text, model.BucketMask, ref sink, model.Features);
        if (window.Start > 0 || window.End < view.Text.Length)
        {
            var kept = Keep(buckets, spans, window, view.Text.Length);

            // A category score is the higher of the window's and the whole view's: explain the one it came from.
            if (label == SafetyLabels.Unsafe || Logit(model, buckets, 0, kept, label) > Logit(model, buckets, 0, buckets.Count, label))
            {
                buckets.RemoveRange(kept, buckets.Count - kept);
                spans.RemoveRange(kept, spans.Count - kept);
            }
            else
            {
                window = (0, view.Text.Length);
                buckets.Clear();
                spans.Clear();
                var again = new FeatureListSink(buckets, spans);
                NgramFeaturizer.Extract(view.Text, model.BucketMask, ref again, model.Features);
            }
        }

        var words = WordScores(model, view.Text, window, buckets, spans, label);
        var top = Phrases(words).OrderByDescending(p => p.Score).Take(maxPhrases).Select(p =>
        {
            var span = view.MapToOriginal(p.Start, p.End - p.Start);
            return new PhraseContribution(text.Original.Substring(span.Start, span.Length), span, p.Score, view.Source);
        }).ToList();

        var probability = scores[label];
        return new Explanation(scores, SafetyLabels.Names[label], Math.Abs((2 * probability) - 1), top);
    }

    // The view (and window of it) that gave the output its score.
    private static (TextView View, (int Start, int End) Window) Locate(SafetyModel model, NormalizedText text, int label, SafetyScores scores)
    {
        if (text.Views.Count == 1 && scores.WindowEnd >= 0)
        {
            return (text.Primary, (scores.WindowStart, scores.WindowEnd));
        }

        var view = text.Primary;
        var window = (Start: 0, End: view.Text.Length);
        var best = -1f;
        Span<float> p = stackalloc float[SafetyLabels.Count];
        foreach (var v in text.Views)
        {
            var w = WindowedScoring.Score(model, v.Text, p);
            if (p[label] > best)
            {
                best = p[label];
                view = v;
                window = w;
            }
        }

        return (view, window);
    }

    // Moves the features that lie in the window to the front (in order); returns how many there are. As when the window
    // was scored, a feature across the boundary of two units belongs to the window of both, not to either alone.
    private static int Keep(List<int> buckets, List<(int Start, int Length)> spans, (int Start, int End) window, int length)
    {
        var kept = 0;
        for (var f = 0; f < buckets.Count; f++)
        {
            var (start, count) = spans[f];
            if (start >= window.Start && (start + count <= window.End || window.End == length))
            {
                (buckets[kept], buckets[f]) = (buckets[f], buckets[kept]);
                (spans[kept], spans[f]) = (spans[f], spans[kept]);
                kept++;
            }
        }

        return kept;
    }

    private static float Logit(SafetyModel model, List<int> buckets, int from, int to, int label)
    {
        var sum = 0f;
        for (var f = from; f < to; f++)
        {
            sum += model.Weights[(buckets[f] * SafetyModel.Stride) + label];
        }

        return model.Bias[label] + (sum * SafetyModel.FeatureScale(to - from));
    }

    // Every word of the window with its summed share of the label's (calibration-scaled) log-odds.
    private static List<(int Start, int End, float Score)> WordScores(SafetyModel model, string viewText, (int Start, int End) window,
        List<int> buckets, List<(int Start, int Length)> spans, int label)
    {
        var scale = SafetyModel.FeatureScale(buckets.Count) * model.PlattA[label];

        // Credit every character of a feature's span equally, then sum per word.
        var perChar = new float[viewText.Length + 1];
        for (var f = 0; f < buckets.Count; f++)
        {
            var w = model.Weights[(buckets[f] * SafetyModel.Stride) + label] * scale;
            var (s, l) = spans[f];
            if (l == 0)
            {
                continue;
            }

            var share = w / l;
            for (var c = s; c < s + l; c++)
            {
                perChar[c] += share;
            }
        }

        var words = new List<(int Start, int End, float Score)>();
        var tokens = new List<Rules.Token>();
        Rules.WordTokenizer.Tokenize(viewText.AsSpan(window.Start, window.End - window.Start), tokens);
        foreach (var token in tokens)
        {
            var start = token.Start + window.Start;
            var sum = 0f;
            for (var c = start; c < start + token.Length; c++)
            {
                sum += perChar[c];
            }

            words.Add((start, start + token.Length, sum));
        }

        return words;
    }

    // Phrases: maximal runs of positive words, bridging a single weakly negative word (under a quarter of the run's
    // strongest word) between two positive ones, since phrase features spread their credit over several words.
    private static List<(int Start, int End, float Score)> Phrases(List<(int Start, int End, float Score)> words)
    {
        var phrases = new List<(int Start, int End, float Score)>();
        for (var i = 0; i < words.Count;)
        {
            if (words[i].Score <= 0)
            {
                i++;
                continue;
            }

            var first = i;
            var end = words[i].End;
            var strongestSoFar = 0f;
            while (i < words.Count && words[i].Start - end <= 3)
            {
                var bridge = words[i].Score <= 0 && -words[i].Score < strongestSoFar / 4
                    && i + 1 < words.Count && words[i + 1].Score > 0 && words[i + 1].Start - words[i].End <= 3;
                if (words[i].Score <= 0 && !bridge)
                {
                    break;
                }

                strongestSoFar = Math.Max(strongestSoFar, words[i].Score);
                end = words[i].End;
                i++;
            }

            // Trim weak words at the edges (under a quarter of the run's strongest word).
            var last = i - 1;
            var strongest = 0f;
            for (var k = first; k <= last; k++)
            {
                strongest = Math.Max(strongest, words[k].Score);
            }

            while (first < last && words[first].Score < strongest / 4)
            {
                first++;
            }

            while (last > first && words[last].Score < strongest / 4)
            {
                last--;
            }

            var total = 0f;
            for (var k = first; k <= last; k++)
            {
                total += words[k].Score;
            }

            phrases.Add((words[first].Start, words[last].End, total));
        }

        return phrases;
    }
}
