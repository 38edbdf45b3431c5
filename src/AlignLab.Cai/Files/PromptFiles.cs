using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AlignLab.Cai.Files;

/// <summary>Writes prompt files (red-team prompts, expanded attack suites) as JSON Lines, through a temporary file renamed into place.</summary>
public static class PromptFiles
{
    /// <summary>Writes <paramref name="prompts"/> to <paramref name="path"/>; returns how many lines were written.</summary>
    public static long Write(string path, IEnumerable<RedTeamPrompt> prompts) => Write(path, prompts, CaiJsonContext.Lines.RedTeamPrompt);

    /// <summary>Writes <paramref name="rows"/> (streamed) to <paramref name="path"/>; returns how many lines were written.</summary>
    public static long Write(string path, IEnumerable<SuitePromptRecord> rows) => Write(path, rows, CaiJsonContext.Lines.SuitePromptRecord);

    private static long Write<T>(string path, IEnumerable<T> rows, JsonTypeInfo<T> type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(rows);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } parent)
        {
            Directory.CreateDirectory(parent);
        }

        var temp = path + ".tmp";
        long n = 0;
        try
        {
            using (var writer = new StreamWriter(temp, append: false))
            {
                writer.NewLine = "\n";
                foreach (var row in rows)
                {
                    writer.WriteLine(JsonSerializer.Serialize(row, type));
                    n++;
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return n;
    }
}
