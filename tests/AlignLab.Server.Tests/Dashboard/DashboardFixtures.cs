using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
using AlignLab.Runtime.Critique;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>Scripted upstream behaviour and eval-run directories for the dashboard tests.</summary>
public static class DashboardFixtures
{
    /// <summary>What the scripted base model answers to any ordinary prompt.</summary>
    public const string BaseAnswer = "Sure, you idiot. Step one is easy and everyone knows it.";

    /// <summary>What the scripted reviser answers.</summary>
    public const string RevisedAnswer = "Sure. Step one is easy, and I am happy to explain it.";

    /// <summary>
    /// A scripted model that plays three roles by the system message it gets: the critic (a violation in its first
    /// critique, none after), the reviser, and otherwise the base model.
    /// </summary>
    public static Func<ScriptedRequest, ScriptedReply> Model()
    {
        var critiques = 0;
        return request =>
        {
            var system = request.Messages.FirstOrDefault(m => m.Role == "system")?.Text ?? "";
            if (system == CritiquePrompts.CriticSystem)
            {
                return Interlocked.Increment(ref critiques) == 1
                    ? ScriptedReply.Text("VIOLATION: yes\nSCORE: 3\nCRITIQUE: Calling the user an idiot is rude; drop the insult.")
                    : ScriptedReply.Text("VIOLATION: no\nSCORE: 9\nCRITIQUE: none");
            }

            return system == CritiquePrompts.ReviserSystem ? ScriptedReply.Text(RevisedAnswer) : ScriptedReply.Text(BaseAnswer);
        };
    }

    /// <summary>A gateway on loopback whose policy has principles, in front of the scripted <see cref="Model"/> (also on loopback).</summary>
    public static Task<ScriptedGateway> StartScriptedGatewayAsync(Action<AlignLab.Server.Hosting.GatewayOptions>? configure = null) =>
        ScriptedGateway.StartAsync(Model(), DashboardPolicies.WithPrinciples, configure);

    /// <summary>An eval summary with one strategy.</summary>
    public static EvalSummary Summary(string runId, DateTimeOffset startedAt, int blocked) => new()
    {
        RunId = runId,
        StartedAt = startedAt,
        Policy = "dashboard-test",
        Model = "scripted",
        Suites = ["harmful-basics"],
        Cases = 40,
        Strategies =
        [
            new StrategySummary("rules", true)
            {
                Cases = 40,
                HarmfulBlocked = new RateEstimate(blocked, 20, Math.Max(0, blocked / 20.0 - 0.15), Math.Min(1, blocked / 20.0 + 0.15)),
                FalsePositives = new RateEstimate(1, 20, 0, 0.2),
                OverRefusal = new RateEstimate(1, 20, 0, 0.2),
                Interventions = new RateEstimate(blocked + 1, 40, 0.2, 0.6),
                LatencyP50Ms = 0.4,
                LatencyP95Ms = 0.9,
            },
        ],
    };

    /// <summary>Writes a run directory (summary.json and report.html) like <c>alignlab eval --output DIR</c> does.</summary>
    public static string WriteRun(string reportsDirectory, string name, EvalSummary summary)
    {
        var dir = Path.Combine(reportsDirectory, name);
        Directory.CreateDirectory(dir);
        EvalReportJson.WriteSummaryFile(summary, Path.Combine(dir, EvalReportJson.SummaryFileName));
        File.WriteAllText(Path.Combine(dir, "report.html"), HtmlReportWriter.ToHtml(summary, []));
        return dir;
    }
}
