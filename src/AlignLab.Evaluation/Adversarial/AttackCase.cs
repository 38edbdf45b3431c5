namespace AlignLab.Adversarial;

/// <summary>One adversarial variant of a prompt: the prompt with id <paramref name="ParentId"/> rewritten by <paramref name="Transform"/>.</summary>
/// <param name="Id">The variant's id, <c>{ParentId}~{Transform}</c>.</param>
/// <param name="ParentId">The id of the original case.</param>
/// <param name="Transform">The <see cref="IPromptTransform.Name"/> of the transform applied.</param>
/// <param name="Text">The rewritten prompt.</param>
public sealed record AttackCase(string Id, string ParentId, string Transform, string Text);
