using System.Globalization;
using System.Text.Json;

namespace AlignLab.Classification.Data;

/// <summary>
/// DiaSafety (Apache-2.0; <c>diasafety/test.json</c>): chatbot replies labelled safe or unsafe <em>in the context</em> of a
/// user utterance. The classifier scores a reply without its context, so DiaSafety is not training data here (a reply that
/// agrees with a toxic context is unsafe although it reads as harmless, and the context is not what the label judges). Its
/// upstream test file is loaded as an evaluation-only source: the <c>response</c> of the <c>Offending User</c> and
/// <c>Biased Opinion</c> rows (the two categories whose unsafety is mostly in the reply itself), <c>Unsafe</c> → unsafe with
/// the category unknown, <c>Safe</c> → benign. Outside the out-of-distribution macro figures, because the label depends on
/// context the classifier does not see.
/// </summary>
public sealed class DiaSafetySource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "diasafety";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var root = DataFiles.Json(DataFiles.Require(dirs.Shared, Name, "diasafety", "test.json"));
        var i = -1;
        foreach (var e in root.EnumerateArray())
        {
            i++;
            if (e.ValueKind != JsonValueKind.Object || e.Str("category") is not ("Offending User" or "Biased Opinion"))
            {
                continue;
            }

            var text = e.Str("response").Trim();
            var id = "test/" + i.ToString(CultureInfo.InvariantCulture);
            switch (e.Str("label"))
            {
                case "Unsafe":
                    yield return LabeledText.HarmfulUncategorised(text, Name, id);
                    break;
                case "Safe":
                    yield return LabeledText.Benign(text, Name, id);
                    break;
                default:
                    break;
            }
        }
    }
}
