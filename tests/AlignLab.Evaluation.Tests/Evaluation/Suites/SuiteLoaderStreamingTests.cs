using System.Text;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Tests.Evaluation.Suites;

/// <summary>Suites are streamed: a 100,000-row file is never held in memory.</summary>
[Collection(AlignLab.Tests.Evaluation.MemoryMeasurementCollection.Name)]
public sealed class SuiteLoaderStreamingTests
{
    private const int Rows = 100_000;

    public static TheoryData<string> Formats => new() { ".jsonl", ".csv", ".json", ".txt" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_100k_row_file_streams_in_bounded_memory(string extension)
    {
        using var dir = new TempDir();
        var path = System.IO.Path.Combine(dir.Path, "big" + extension);
        Write(path, extension);
        var fileBytes = new FileInfo(path).Length;
        Assert.True(fileBytes > 20_000_000, $"the test file has {fileBytes} bytes");
        var set = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign });

        // The first case arrives after reading a buffer or two, not the whole file.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var e = set.GetEnumerator();
        Assert.True(e.MoveNext());
        var firstCaseAllocation = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(firstCaseAllocation < 2_000_000, $"{firstCaseAllocation} bytes allocated before the first case of a {fileBytes}-byte file");

        // Live memory stays flat while all 100,000 rows go by (holding them would take over 40 MB).
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0, count = 1;
        while (e.MoveNext())
        {
            count++;
            if (count % 25_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(Rows, count);
        Assert.Equal(0, set.ErrorCount);
        Assert.True(peak < 8_000_000, $"live memory grew by {peak} bytes while streaming {fileBytes} bytes");
    }

    private static void Write(string path, string extension)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        var filler = new string('x', 200);
        if (extension == ".csv")
        {
            w.Write("id,text,label\n");
        }
        else if (extension == ".json")
        {
            w.Write("[\n");
        }

        for (var i = 0; i < Rows; i++)
        {
            var text = $"prompt number {i} {filler}";
            switch (extension)
            {
                case ".jsonl":
                    w.Write($"{{\"id\":\"r{i}\",\"text\":\"{text}\",\"label\":\"benign\"}}\n");
                    break;
                case ".json":
                    w.Write($"{(i > 0 ? ",\n" : "")}  {{\"id\":\"r{i}\",\"text\":\"{text}\",\"label\":\"benign\"}}");
                    break;
                case ".csv":
                    w.Write($"r{i},\"{text}, with a comma\",benign\n");
                    break;
                default:
                    w.Write(text + "\n");
                    break;
            }
        }

        if (extension == ".json")
        {
            w.Write("\n]\n");
        }
    }
}
