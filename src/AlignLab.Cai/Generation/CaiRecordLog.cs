using System.Text.Json;
using AlignLab.Cai.Files;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Cai.Generation;

/// <summary>
/// The append-only <c>cai.jsonl</c> of a run and its <c>failures.jsonl</c>. Each record is one write of a whole line,
/// flushed to the operating system before the next, so a killed process loses at most the line being written; opening
/// cuts such a torn last line and collects the ids already written, which a rerun skips.
/// </summary>
internal sealed class CaiRecordLog : IDisposable
{
    private readonly FileStream _records;
    private readonly FileStream _failures;
    private readonly Lock _gate = new();

    private CaiRecordLog(FileStream records, FileStream failures, HashSet<string> done, long tornBytes, long unreadable)
    {
        _records = records;
        _failures = failures;
        Done = done;
        TornBytes = tornBytes;
        UnreadableLines = unreadable;
    }

    /// <summary>The ids <c>cai.jsonl</c> held when it was opened.</summary>
    public HashSet<string> Done { get; }

    /// <summary>Bytes of a torn last line cut off when it was opened.</summary>
    public long TornBytes { get; }

    /// <summary>Lines that could not be read as records when it was opened.</summary>
    public long UnreadableLines { get; }

    /// <summary>Opens (creating) the files of <paramref name="directory"/>; failures.jsonl starts empty (failures are retried).</summary>
    public static CaiRecordLog Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, CaiFileNames.Records);
        long torn = 0, unreadable = 0;
        var done = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            torn = EvalReportJson.TruncateTornTail(path);
            foreach (var line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (ReadId(line) is { } id)
                {
                    done.Add(id);
                }
                else
                {
                    unreadable++;
                }
            }
        }

        var records = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var failures = new FileStream(Path.Combine(directory, CaiFileNames.Failures), FileMode.Create, FileAccess.Write, FileShare.Read);
        return new CaiRecordLog(records, failures, done, torn, unreadable);
    }

    /// <summary>Appends one record as one flushed line.</summary>
    public void Append(CaiRecord record) => Write(_records, JsonSerializer.SerializeToUtf8Bytes(record, CaiJsonContext.Lines.CaiRecord));

    /// <summary>Appends one failure as one flushed line.</summary>
    public void Append(CaiFailure failure) => Write(_failures, JsonSerializer.SerializeToUtf8Bytes(failure, CaiJsonContext.Lines.CaiFailure));

    /// <inheritdoc/>
    public void Dispose()
    {
        _records.Dispose();
        _failures.Dispose();
    }

    /// <summary>The id of a record line, or null when the line is not a record.</summary>
    internal static string? ReadId(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && doc.RootElement.TryGetProperty("final", out var final) && final.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Write(FileStream stream, byte[] json)
    {
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        lock (_gate)
        {
            stream.Write(line);
            stream.Flush();
        }
    }
}
