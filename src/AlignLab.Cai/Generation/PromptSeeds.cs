using System.Text;

namespace AlignLab.Cai.Generation;

/// <summary>A prompt's principle-sampling seed: FNV-1a over the run's seed and the id's UTF-8 bytes, the same on every run and machine.</summary>
internal static class PromptSeeds
{
    public static int For(int runSeed, string id)
    {
        const uint Prime = 16777619;
        var hash = 2166136261u;
        for (var shift = 0; shift < 32; shift += 8)
        {
            hash = (hash ^ (byte)(runSeed >> shift)) * Prime;
        }

        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * Prime;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
