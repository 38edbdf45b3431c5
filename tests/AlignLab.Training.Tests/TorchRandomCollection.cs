namespace AlignLab.Training.Tests;

/// <summary>
/// Tests that seed torch's process-wide generator and compare runs (or time them) run alone, after the parallel ones:
/// another test class drawing random numbers between a <c>manual_seed</c> and its use made two identically seeded runs differ.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch random state";
}
