using System.Collections.Concurrent;

namespace AlignLab.Classification;

/// <summary>
/// Featurised training examples, keyed by example instance, for trainers that share features and bucket count (the
/// leave-one-source-out folds). Thread-safe. Only <c>MaxFeaturesPerExample</c> = unlimited is cached, which is the default.
/// </summary>
internal sealed class TrainingFeatureCache
{
    private readonly ConcurrentDictionary<LabeledText, SafetyModelTrainer.Prepared> _items = new(ReferenceEqualityComparer.Instance);
    private int _mask = -1;
    private FeatureSet _features;

    public bool TryGet(LabeledText example, int mask, FeatureSet features, out SafetyModelTrainer.Prepared prepared)
    {
        if (mask == Volatile.Read(ref _mask) && features == _features && _items.TryGetValue(example, out var found))
        {
            prepared = found;
            return true;
        }

        prepared = null!;
        return false;
    }

    public void Add(LabeledText example, int mask, FeatureSet features, SafetyModelTrainer.Prepared prepared)
    {
        lock (_items)
        {
            if (_mask == -1)
            {
                _features = features;
                Volatile.Write(ref _mask, mask);
            }
        }

        if (mask == _mask && features == _features)
        {
            _items.TryAdd(example, prepared);
        }
    }
}
