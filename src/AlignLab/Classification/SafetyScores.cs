using AlignLab.Constitutions;
using AlignLab.Normalization;

namespace AlignLab.Classification;

/// <summary>Calibrated probabilities from the classifier: overall unsafe and one per harm category.</summary>
public sealed class SafetyScores
{
    private readonly float[] _values;

    internal SafetyScores(float[] values, string view, TextSpan? window = null, int viewIndex = 0, int windowStart = 0, int windowEnd = -1)
    {
        _values = values;
        View = view;
        Window = window;
        ViewIndex = viewIndex;
        WindowStart = windowStart;
        WindowEnd = windowEnd;
    }

    /// <summary>Probability that the text is unsafe (any category).</summary>
    public float Unsafe => _values[SafetyLabels.Unsafe];

    /// <summary>The text view that produced the highest unsafe score ("normalized", "base64", …).</summary>
    public string View { get; }

    /// <summary>
    /// Where in the original text the window that produced the highest unsafe score lies, when a window of a longer
    /// text (a sentence, or two neighbouring ones) scored higher than the text as a whole; null when the whole text did.
    /// The category scores of that view are the window's too.
    /// </summary>
    public TextSpan? Window { get; }

    /// <summary>Index of <see cref="View"/> in the normalised text's views.</summary>
    internal int ViewIndex { get; }

    /// <summary>Start of the window in the view's text.</summary>
    internal int WindowStart { get; }

    /// <summary>End of the window in the view's text (-1 when unknown: the whole view).</summary>
    internal int WindowEnd { get; }

    /// <summary>Probability for one category.</summary>
    public float this[HarmCategory category] => _values[SafetyLabels.IndexOf(category)];

    /// <summary>Probability by output index (see <see cref="SafetyLabels"/>).</summary>
    public float this[int index] => _values[index];

    /// <summary>
    /// P(category) = unsafe × P(category | unsafe): the category heads are trained on unsafe text and read as conditional on
    /// it, so a benign text's heads (sexual content 0.25 for a recipe) are not the chance that it is unsafe in that category.
    /// </summary>
    public float Joint(HarmCategory category) => Unsafe * this[category];

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
