using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Preferences;

/// <summary>A model (or a policy-wrapped client) to collect answers from, with the name written beside its answers.</summary>
/// <param name="Name">The name written in <see cref="Candidate.Model"/>.</param>
/// <param name="Client">The client; the caller owns it.</param>
public sealed record CandidateModel(string Name, IChatClient Client);
