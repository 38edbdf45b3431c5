using System.Globalization;
using AlignLab.Runtime.Judges;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// Reads a comparison verdict from a judge's answer with the judges' lenient JSON reader (single quotes, bare words,
/// fences and reasoning blocks are fine). The overall verdict may be written <c>1</c>/<c>2</c>, <c>first</c>/<c>second</c>,
/// <c>A</c>/<c>B</c> or <c>Response 1</c>; <c>tie</c>, <c>equal</c>, <c>both</c> and <c>neither</c> are ties.
/// </summary>
internal static class PreferenceVerdictParser
{
    private static readonly string[] VerdictKeys = ["better", "winner", "preferred", "verdict"];

    public static ShownVerdict? Parse(string? raw, out string? error)
    {
        error = null;
        var text = JudgeOutputText.Clean(raw);
        var obj = LenientJson.FindObject(text, o => VerdictKeys.Any(o.ContainsKey));
        if (obj is null)
        {
            error = text.Length == 0 ? "the judge's answer was empty" : "the judge's answer holds no JSON object with a verdict ('better')";
            return null;
        }

        var better = Position(VerdictKeys.Select(k => obj.GetValueOrDefault(k)).FirstOrDefault(v => v is not null));
        if (better is null)
        {
            error = "the judge's verdict is neither 1, 2 nor tie";
            return null;
        }

        var principles = new List<(string, int, string?)>();
        if (obj.GetValueOrDefault("principles") is List<object?> list)
        {
            foreach (var item in list.OfType<Dictionary<string, object?>>())
            {
                var id = (item.GetValueOrDefault("id") ?? item.GetValueOrDefault("principle")) is { } i
                    ? Convert.ToString(i, CultureInfo.InvariantCulture)
                    : null;
                var position = Position(VerdictKeys.Select(k => item.GetValueOrDefault(k)).FirstOrDefault(v => v is not null));
                if (!string.IsNullOrEmpty(id) && position is not null)
                {
                    principles.Add((id, position.Value, item.GetValueOrDefault("reason") as string));
                }
            }
        }

        return new ShownVerdict(better.Value, Confidence(obj.GetValueOrDefault("confidence")), principles);
    }

    private static int? Position(object? value) => value switch
    {
        double d when d == 1 => 1,
        double d when d == 2 => 2,
        string s => Word(s.Trim().Trim('"', '\'', '.', '*').ToLowerInvariant()),
        _ => null,
    };

    private static int? Word(string s) => s switch
    {
        "1" or "first" or "a" or "response 1" or "response a" => 1,
        "2" or "second" or "b" or "response 2" or "response b" => 2,
        "tie" or "equal" or "both" or "neither" or "0" or "none" or "same" => 0,
        _ => null,
    };

    private static double? Confidence(object? value)
    {
        double? number = value switch
        {
            double d => d,
            string s when double.TryParse(s.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) =>
                s.EndsWith('%') ? d / 100 : d,
            _ => null,
        };
        return number switch
        {
            null or double.NaN or < 0 => null,
            <= 1 => number,
            <= 100 => number / 100, // a percentage written as a number
            _ => null,
        };
    }
}
