namespace AlignLab.Training.Dpo;

/// <summary>How a policy ranks held-out pairs, and how far it is from its reference.</summary>
/// <param name="Pairs">Pairs measured.</param>
/// <param name="Preference">Share with log π(chosen) &gt; log π(rejected) (answer tokens summed; a tie counts one half).</param>
/// <param name="RewardAccuracy">Share whose implicit reward margin β((π_c − ref_c) − (π_r − ref_r)) is positive.</param>
/// <param name="Margin">Mean implicit reward margin.</param>
/// <param name="Kl">
/// Mean per answer token of KL(π ‖ ref) between the two next-token distributions, over the answer positions of both
/// answers (nats).
/// </param>
public sealed record DpoEvaluation(int Pairs, double Preference, double RewardAccuracy, double Margin, double Kl);
