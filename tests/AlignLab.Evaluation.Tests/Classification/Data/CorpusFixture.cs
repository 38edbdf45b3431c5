using System.Diagnostics;
using AlignLab.Classification.Data;

namespace AlignLab.Tests.Classification.Data;

/// <summary>
/// One default corpus build shared by the corpus tests (it reads all the shared data). Built on first use, so a
/// collection whose tests are all skipped (no ../shared/data on a fresh clone) never reads the missing folder.
/// </summary>
public sealed class CorpusFixture
{
    private readonly Lazy<(Corpus Corpus, TimeSpan Elapsed)> _build = new(() =>
    {
        var watch = Stopwatch.StartNew();
        var corpus = CorpusBuilder.Build(DataTestPaths.Options());
        return (corpus, watch.Elapsed);
    });

    public Corpus Corpus => _build.Value.Corpus;

    public TimeSpan Elapsed => _build.Value.Elapsed;
}
