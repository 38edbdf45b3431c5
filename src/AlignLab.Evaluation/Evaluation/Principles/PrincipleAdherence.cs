namespace AlignLab.Evaluation.Principles;

/// <summary>How often the model's answers follow one constitution principle, as a judge read them.</summary>
/// <param name="Principle">The principle's id.</param>
/// <param name="Follows">Answers judged to follow it, out of the answers judged on it (95% Wilson interval).</param>
/// <param name="Unjudged">Answers with no verdict on it (the judge failed or left the principle out): not in <paramref name="Follows"/>.</param>
public sealed record PrincipleAdherence(string Principle, RateEstimate Follows, int Unjudged);
