namespace AlignLab.Evaluation.Reports;

/// <summary>One entry of a strategy's <c>attack_lift</c> in <c>summary.json</c>.</summary>
internal sealed record AttackLiftDocument(
    int Pairs,
    int BothSucceeded,
    int TransformedOnly,
    int AsWrittenOnly,
    double TransformedRate,
    double AsWrittenRate,
    double Lift,
    double Low,
    double High)
{
    public static AttackLiftDocument From(AttackLift v) =>
        new(v.Pairs, v.BothSucceeded, v.TransformedOnly, v.AsWrittenOnly, v.TransformedRate, v.AsWrittenRate, v.Lift, v.Low, v.High);
}
