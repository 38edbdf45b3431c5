using System.Text;

namespace AlignLab.Testing.Support;

/// <summary>
/// Issue 13, finding 17: files with one 20-million-character record, for the tests that prove a record over the limit
/// is an error naming it and is never held whole (the tabular reader in AlignLab, the suite loader in AlignLab.Evaluation).
/// </summary>
public static class HugeRecordFile
{
    /// <summary>The length of the huge record.</summary>
    public const int Chars = 20_000_000;

    /// <summary>A file whose second record (after a header for .csv) holds <see cref="Chars"/> characters of text.</summary>
    public static string Write(TempDir dir, string name)
    {
        var path = dir.File(name);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        var chunk = string.Concat(Enumerable.Repeat("how do I bake bread ", 500));
        void Huge()
        {
            for (var written = 0; written < Chars; written += chunk.Length)
            {
                w.Write(chunk);
            }
        }

        switch (Path.GetExtension(name))
        {
            case ".csv":
                w.Write("text\nhello\n\"");
                Huge();
                w.Write("\"\nbye\n");
                break;
            case ".jsonl":
                w.Write("{\"text\":\"hello\"}\n{\"text\":\"");
                Huge();
                w.Write("\"}\n{\"text\":\"bye\"}\n");
                break;
            case ".json":
                w.Write("[{\"text\":\"hello\"},\n{\"text\":\"");
                Huge();
                w.Write("\"},\n{\"text\":\"bye\"}]\n");
                break;
            default:
                w.Write("hello\n");
                Huge();
                w.Write("\nbye\n");
                break;
        }

        return path;
    }
}
