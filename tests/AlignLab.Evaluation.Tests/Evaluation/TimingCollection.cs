namespace AlignLab.Tests.Evaluation;

/// <summary>
/// Runs the tests that load the embedded classifier alone, not beside the streaming tests' live-memory measurements
/// (the same collection as AlignLab.Tests' Pii.TimingCollection, which this assembly cannot see).
/// </summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;
