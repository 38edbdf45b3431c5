using AlignLab.Constitution;

namespace AlignLab.Classification;

/// <summary>Calibrated probabilities from the classifier: overall unsafe and one per harm category.</summary>
public sealed class SafetyScores
{
    private readonly float[] _values;

    internal SafetyScores(float[] values, string view)
    {
        _values = values;
        View = view;
    }

    /// <summary>Probability that the text is unsafe (any category).</summary>
    public float Unsafe => _values[SafetyLabels.Unsafe];

    /// <summary>The text view that produced the highest unsafe score ("normalized", "base64", …).</summary>
    public string View { get; }

    /// <summary>Probability for one category.</summary>
    public float this[HarmCategory category] => _values[SafetyLabels.IndexOf(category)];

    /// <summary>Probability by output index (see <see cref="SafetyLabels"/>).</summary>
    public float this[int index] => _values[index];

    /// <summary>All outputs, index-aligned with <see cref="SafetyLabels.Names"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The category with the highest probability.</summary>
    public (HarmCategory Category, float Probability) TopCategory
    {
        get
        {
            var best = 1;
            for (var i = 2; i < _values.Length; i++)
            {
                if (_values[i] > _values[best])
                {
                    best = i;
                }
            }

            return (SafetyLabels.CategoryAt(best)!, _values[best]);
        }
    }
}
