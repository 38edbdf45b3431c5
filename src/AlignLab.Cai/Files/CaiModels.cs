namespace AlignLab.Cai.Files;

/// <summary>The models behind a <c>cai.jsonl</c> record, as the run named them.</summary>
/// <param name="Generator">The model that wrote the initial answer.</param>
/// <param name="Critic">The model that critiqued it.</param>
/// <param name="Reviser">The model that revised it.</param>
public sealed record CaiModels(string Generator, string Critic, string Reviser);
