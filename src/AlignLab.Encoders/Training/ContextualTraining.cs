using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Encoders.Heads;

namespace AlignLab.Encoders.Training;

/// <summary>
/// Trains the shipped head: on the embeddings of the corpus's training split, stacked on validation with the fast
/// tier in use (its scores there), threshold at the fast tier's FPR budget; measured on the test split against the fast tier.
/// </summary>
public static class ContextualTraining
{
    /// <summary>Embeddings of every row of the corpus (all splits), from the cache where it has them.</summary>
    public static IReadOnlyDictionary<LabeledText, float[]> Embed(Corpus corpus, Func<IReadOnlyList<string>, float[][]> embed, EmbeddingCache cache)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(cache);
        var rows = corpus.Train.Concat(corpus.Validation).Concat(corpus.Test).Concat(corpus.Contrast).ToList();
        var vectors = cache.GetOrCompute(rows.Select(r => r.Text).ToList(), embed);
        var map = new Dictionary<LabeledText, float[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            map[rows[i]] = vectors[i];
        }

        return map;
    }

    /// <summary>The shipped head, and the test split's metrics for the fast tier alone and for the tier always consulted.</summary>
    public static (ContextualHead Head, SplitMetrics FastTest, SplitMetrics StackedTest) Train(Corpus corpus, SafetyClassifier fast,
        IReadOnlyDictionary<LabeledText, float[]> embeddings, HeadTrainingOptions options, string encoderName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(fast);
        ArgumentNullException.ThrowIfNull(embeddings);
        var trainer = new HeadTrainer(options);
        var weights = trainer.TrainHead(corpus.Train.Select(r => embeddings[r]).ToList(), corpus.Train.Select(r => r.Unsafe).ToList(), cancellationToken);
        var validationFast = corpus.Validation.Select(r => fast.Classify(r.Text).Unsafe).ToList();
        var stack = trainer.FitStack(validationFast, corpus.Validation.Select(r => weights.Logit(embeddings[r])).ToList(),
            corpus.Validation.Select(r => r.Unsafe).ToList());
        var head = new ContextualHead(weights, stack, encoderName, Tiers.ContextualTier.DigestOf(fast.Model));
        var labels = corpus.Test.Select(r => r.Unsafe).ToList();
        var fastTest = corpus.Test.Select(r => fast.Classify(r.Text).Unsafe).ToList();
        var fastMetrics = SplitMetrics.Of(labels, fastTest.Select(p => p >= fast.UnsafeThreshold).ToList());
        var stacked = corpus.Test.Select((r, i) => head.Probability(fastTest[i], embeddings[r]) >= head.Threshold).ToList();
        return (head, fastMetrics, SplitMetrics.Of(labels, stacked));
    }
}
