namespace AlignLab.Benchmarks;

/// <summary>The load test's moderation prompts, read from <c>bench/AlignLab.LoadTest/moderation-prompts.txt</c>.</summary>
internal static class ModerationPrompts
{
    public static string[] Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var path = Path.Combine(dir.FullName, "bench", "AlignLab.LoadTest", "moderation-prompts.txt");
            if (File.Exists(path))
            {
                return [.. File.ReadAllLines(path).Where(l => l.Length > 0)];
            }

            dir = dir.Parent;
        }

        throw new FileNotFoundException("bench/AlignLab.LoadTest/moderation-prompts.txt not found above " + AppContext.BaseDirectory);
    }
}
