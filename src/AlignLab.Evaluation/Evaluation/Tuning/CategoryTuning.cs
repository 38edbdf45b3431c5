namespace AlignLab.Evaluation.Tuning;

/// <summary>The threshold chosen for one harm category.</summary>
/// <param name="Category">Category id.</param>
/// <param name="OldThreshold">The constitution's threshold before tuning.</param>
/// <param name="NewThreshold">The tuned threshold.</param>
/// <param name="BenignFlaggedBefore">Benign (and contrast) cases the category flagged at the old threshold.</param>
/// <param name="BenignFlaggedAfter">… at the new threshold.</param>
/// <param name="HarmfulFlaggedBefore">Harmful cases the category flagged at the old threshold.</param>
/// <param name="HarmfulFlaggedAfter">… at the new threshold.</param>
public sealed record CategoryTuning(string Category, double OldThreshold, double NewThreshold, int BenignFlaggedBefore, int BenignFlaggedAfter, int HarmfulFlaggedBefore, int HarmfulFlaggedAfter);
