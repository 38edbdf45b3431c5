using System.Diagnostics;
using System.Globalization;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Benchmarks;

/// <summary>
/// Where one moderation's time goes, per prompt of the load test: the views the normaliser made (their source and
/// length) and the mean of each stage that <see cref="RuleEngine.EvaluateTimed"/> marks (normalise, rules, classifier,
/// decision) over many calls after a warm-up. Run pinned: <c>taskset -c 1 dotnet run -c Release --project
/// bench/AlignLab.Benchmarks -- moderation-breakdown</c>.
/// </summary>
internal static class ModerationBreakdown
{
    private const int Warmup = 20_000;
    private const int Calls = 20_000;

    public static void Run(TextWriter output)
    {
        var engine = new RuleEngine(ConstitutionLoader.LoadDefault(), classifier: SafetyClassifier.Default);
        var prompts = ModerationPrompts.Load();
        var marks = new long[RuleEngine.StageMarks];
        for (var i = 0; i < Warmup; i++)
        {
            engine.EvaluateTimed(prompts[i % prompts.Length], PolicyStage.Input, EvaluationOptions.Default, marks);
        }

        output.WriteLine("prompt | views (source:length) | normalise | rules | classifier | decision | total µs | action");
        var totals = new double[RuleEngine.StageMarks - 1];
        foreach (var prompt in prompts)
        {
            var sums = new long[RuleEngine.StageMarks - 1];
            Decision? decision = null;
            for (var i = 0; i < Calls; i++)
            {
                decision = engine.EvaluateTimed(prompt, PolicyStage.Input, EvaluationOptions.Default, marks);
                for (var s = 0; s < sums.Length; s++)
                {
                    sums[s] += marks[s + 1] - marks[s];
                }
            }

            var normalized = engine.Normalizer.Normalize(prompt);
            var views = string.Join(' ', normalized.Views.Select(v => v.Source + ":" + v.Text.Length.ToString(CultureInfo.InvariantCulture)));
            var us = sums.Select(s => s * 1e6 / Stopwatch.Frequency / Calls).ToArray();
            for (var s = 0; s < us.Length; s++)
            {
                totals[s] += us[s] / prompts.Length;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Short(prompt)} | {views} | {us[0]:0.0} | {us[1]:0.0} | {us[2]:0.0} | {us[3]:0.0} | {us.Sum():0.0} | {decision!.Action}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean of the six | | {totals[0]:0.0} | {totals[1]:0.0} | {totals[2]:0.0} | {totals[3]:0.0} | {totals.Sum():0.0} |"));
    }

    private static string Short(string s) => s.Length <= 32 ? s : s[..31] + "…";
}
