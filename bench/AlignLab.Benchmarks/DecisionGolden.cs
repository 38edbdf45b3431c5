using System.Text.Json;
using System.Text.Json.Nodes;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Benchmarks;

/// <summary>
/// Writes, for each prompt of a JSON-lines file (<c>{"prompt": …}</c>), the default guard's decision trace
/// (<see cref="DecisionJson"/>) and the classifier's scores of every view, bit for bit (as hex): the record a
/// refactoring of the scoring path is compared against. <c>... -- decision-golden IN OUT</c>.
/// </summary>
internal static class DecisionGolden
{
    public static void Run(string input, string output)
    {
        var classifier = SafetyClassifier.Default ?? throw new InvalidOperationException("no embedded classifier");
        var engine = new RuleEngine(ConstitutionLoader.LoadDefault(), classifier: classifier);
        using var writer = new StreamWriter(output);
        foreach (var line in File.ReadLines(input).Where(l => l.Length > 0))
        {
            var prompt = JsonNode.Parse(line)!["prompt"]!.GetValue<string>();
            var decision = engine.Evaluate(prompt, PolicyStage.Input);
            var views = classifier.ClassifyViews(engine.Normalizer.Normalize(prompt));
            var record = new JsonObject
            {
                ["prompt"] = prompt,
                ["views"] = new JsonArray([.. views.Select(v => (JsonNode)(v.View + " " + v.WindowStart + " " + v.WindowEnd + " "
                    + string.Join(',', v.Values.ToArray().Select(f => BitConverter.SingleToInt32Bits(f).ToString("x8", null)))))]),
                ["decision"] = JsonNode.Parse(DecisionJson.Serialize(decision, indented: false)),
            };
            writer.WriteLine(record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
    }
}
