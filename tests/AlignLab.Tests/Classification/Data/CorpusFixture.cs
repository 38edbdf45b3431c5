using System.Diagnostics;
using AlignLab.Classification.Data;

namespace AlignLab.Tests.Classification.Data;

/// <summary>One default corpus build shared by the corpus tests (it reads all the shared data).</summary>
public sealed class CorpusFixture
{
    public CorpusFixture()
    {
        var watch = Stopwatch.StartNew();
        Corpus = CorpusBuilder.Build(DataTestPaths.Options());
        Elapsed = watch.Elapsed;
    }

    public Corpus Corpus { get; }

    public TimeSpan Elapsed { get; }
}
