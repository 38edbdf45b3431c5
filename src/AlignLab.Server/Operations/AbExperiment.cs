namespace AlignLab.Server.Operations;

/// <summary>
/// An A/B experiment as the store keeps it: which versions the two arms serve and the split every replica assigns
/// subjects by. A gateway that starts with the same two versions joins the open experiment (and uses its split), so
/// replicas and restarts count into one experiment.
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="StartedAt">When the first gateway started it.</param>
/// <param name="VersionA">Arm A's policy version.</param>
/// <param name="VersionB">Arm B's policy version.</param>
/// <param name="Split">The share of subjects assigned to arm B.</param>
/// <param name="EndedAt">When it ended (a promotion, or other versions took over), or null while open.</param>
/// <param name="Winner">The promoted arm, or null.</param>
public sealed record AbExperiment(
    string Id,
    DateTimeOffset StartedAt,
    string VersionA,
    string VersionB,
    double Split,
    DateTimeOffset? EndedAt,
    string? Winner);
