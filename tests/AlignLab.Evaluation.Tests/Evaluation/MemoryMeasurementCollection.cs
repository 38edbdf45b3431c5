namespace AlignLab.Tests.Evaluation;

/// <summary>
/// Tests that read process-wide memory (GC.GetTotalMemory) run alone, so other tests' allocations cannot be
/// mistaken for theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "memory measurement";
}
