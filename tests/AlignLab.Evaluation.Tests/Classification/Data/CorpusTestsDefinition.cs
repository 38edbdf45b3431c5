namespace AlignLab.Tests.Classification.Data;

/// <summary>
/// The corpus tests share one build and run on their own (not in parallel with other test classes), so the
/// load-time check measures the build rather than contention with other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CorpusTestsDefinition : ICollectionFixture<CorpusFixture>
{
    public const string Name = "Corpus build";
}
