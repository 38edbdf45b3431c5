namespace AlignLab.Classification;

/// <summary>Progress of one training epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Loss">Mean weighted training log-loss.</param>
/// <param name="ValidationAuc">ROC-AUC of the unsafe output on the validation split after this epoch.</param>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double ValidationAuc);
