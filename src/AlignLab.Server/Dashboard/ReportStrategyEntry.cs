using AlignLab.Evaluation;

namespace AlignLab.Server.Dashboard;

/// <summary>A strategy's headline rates in <c>GET /api/reports</c> (null when not measured), to six decimals.</summary>
internal sealed record ReportStrategyEntry(string Strategy, bool Available, double? Safety, double? Fpr, double? OverRefusal, double LatencyP50Ms)
{
    public static ReportStrategyEntry From(StrategySummary st) => new(
        st.Strategy,
        st.Available,
        Rate(st.HarmfulBlocked),
        Rate(st.FalsePositives),
        Rate(st.OverRefusal),
        Math.Round(st.LatencyP50Ms, 3));

    private static double? Rate(RateEstimate? rate) => rate is { Total: > 0 } r ? Math.Round(r.Rate, 6) : null;
}
