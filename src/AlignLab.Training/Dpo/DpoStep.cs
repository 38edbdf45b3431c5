using static TorchSharp.torch;

namespace AlignLab.Training.Dpo;

/// <summary>
/// One batch's DPO quantities: implicit reward margins and rewards [pairs], log π(c) − log π(r) [pairs], and the mean KL
/// per answer token.
/// </summary>
internal sealed record DpoStep(Tensor Margins, Tensor ChosenRewards, Tensor RejectedRewards, Tensor PolicyGap, double Kl);
