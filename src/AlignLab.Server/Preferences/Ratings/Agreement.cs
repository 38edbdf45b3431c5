namespace AlignLab.Server.Preferences.Ratings;

/// <summary>Inter-rater agreement over a batch's pairwise choices.</summary>
/// <param name="Method"><c>cohen</c> (two raters), <c>fleiss</c> (three or more) or <c>none</c> (fewer than two raters).</param>
/// <param name="Kappa">The kappa, or null when it is undefined (no shared items, or every rating in one category).</param>
/// <param name="Items">The items it is computed over (rated by both raters for Cohen's; by at least two for Fleiss').</param>
/// <param name="Raters">The raters who rated at least one item of the batch.</param>
/// <param name="ObservedAgreement">The observed agreement (Cohen's p_o, Fleiss' mean P_i), or null with no items.</param>
internal sealed record Agreement(string Method, double? Kappa, int Items, int Raters, double? ObservedAgreement);
