using System.Diagnostics;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Classification.Data;

namespace AlignLab.Encoders.Training;

/// <summary>
/// Leave-one-source-out evaluation of the contextual tier against the fast tier. For each training source S: the fast
/// tier is trained on the training split without S and calibrated on validation without S; each head is trained on
/// the embeddings of the same rows and stacked on validation without S; then every row of S (all its splits) is scored
/// by both. Thresholds come from validation only, at the same FPR budget, so the figures are what an unfamiliar source
/// would see.
/// </summary>
public sealed class LeaveOneSourceOut(Corpus corpus, IReadOnlyDictionary<LabeledText, float[]> embeddings, TrainingOptions fastOptions,
    IReadOnlyDictionary<string, HeadTrainingOptions> heads)
{
    /// <summary>Scores every row of every source, trained without it.</summary>
    public IReadOnlyList<ScoredRow> Run(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var all = corpus.Train.Concat(corpus.Validation).Concat(corpus.Test).Concat(corpus.Contrast).ToList();
        var sources = corpus.Train.Select(r => r.Source).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<ScoredRow>();
        foreach (var source in sources)
        {
            var watch = Stopwatch.StartNew();
            var train = corpus.Train.Where(r => r.Source != source).ToList();
            var validation = corpus.Validation.Where(r => r.Source != source).ToList();
            var model = new SafetyModelTrainer(fastOptions).Train(train, validation, "{}", cancellationToken);
            var fast = new SafetyClassifier(model);
            var fastThreshold = fast.UnsafeThreshold;
            var validationFast = validation.Select(r => fast.Classify(r.Text).Unsafe).ToList();
            var validationLabels = validation.Select(r => r.Unsafe).ToList();
            var trainX = train.Select(r => embeddings[r]).ToList();
            var trainY = train.Select(r => r.Unsafe).ToList();
            var fitted = new Dictionary<string, (Heads.HeadWeights Head, Heads.StackWeights Stack)>(StringComparer.Ordinal);
            foreach (var (kind, options) in heads)
            {
                var trainer = new HeadTrainer(options);
                var head = trainer.TrainHead(trainX, trainY, cancellationToken);
                var stack = trainer.FitStack(validationFast, validation.Select(r => head.Logit(embeddings[r])).ToList(), validationLabels);
                fitted[kind] = (head, stack);
            }

            foreach (var row in all.Where(r => r.Source == source))
            {
                var p = fast.Classify(row.Text).Unsafe;
                var x = embeddings[row];
                rows.Add(new ScoredRow(source, row.Unsafe, p, fastThreshold,
                    fitted.ToDictionary(f => f.Key, f => f.Value.Stack.Probability(p, f.Value.Head.Logit(x)), StringComparer.Ordinal),
                    fitted.ToDictionary(f => f.Key, f => f.Value.Stack.Threshold, StringComparer.Ordinal)));
            }

            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"left out {source}: {watch.Elapsed.TotalSeconds:0.0} s"));
        }

        return rows;
    }
}
