using AlignLab.Normalization;
using CsCheck;

namespace AlignLab.Tests.Normalization;

public sealed class OffsetMapTests
{
    /// <summary>Random per-character maps of the kinds the normaliser produces: unchanged runs, expansions, removals, joins.</summary>
    private static readonly Gen<(int[] Starts, int[] Ends)> Maps =
        Gen.Int[0, 3].Select(Gen.Int[1, 20]).Array[0, 60].Select(steps =>
        {
            var starts = new List<int>();
            var ends = new List<int>();
            var orig = 0;
            foreach (var (kind, size) in steps)
            {
                switch (kind)
                {
                    case 0: // unchanged run
                        for (var k = 0; k < size; k++)
                        {
                            starts.Add(orig);
                            ends.Add(orig + 1);
                            orig++;
                        }

                        break;
                    case 1: // one character expanded to several
                        for (var k = 0; k < Math.Min(size, 4); k++)
                        {
                            starts.Add(orig);
                            ends.Add(orig + 2);
                        }

                        orig += 2;
                        break;
                    case 2: // removed characters
                        orig += size;
                        break;
                    default: // one character covering several (combining marks)
                        starts.Add(orig);
                        ends.Add(orig + size);
                        orig += size;
                        break;
                }
            }

            return (starts.ToArray(), ends.ToArray());
        });

    [Fact]
    public void Compressed_map_returns_every_character_range()
    {
        Maps.Sample((starts, ends) =>
        {
            var map = OffsetMap.Build(starts, ends);
            Assert.True(map.SegmentCount <= Math.Max(1, starts.Length));
            for (var i = 0; i < starts.Length; i++)
            {
                Assert.Equal((starts[i], ends[i]), map.CharRange(i));
            }
        }, iter: 3_000);
    }

    [Fact]
    public void Unchanged_text_is_one_segment()
    {
        var starts = Enumerable.Range(5, 1000).ToArray();
        var ends = starts.Select(s => s + 1).ToArray();
        var map = OffsetMap.Build(starts, ends);
        Assert.Equal(1, map.SegmentCount);
        Assert.Equal((505, 506), map.CharRange(500));
    }
}
