using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlignLab.Classification.Data;
using AlignLab.IO;

namespace AlignLab.Evaluation.Capability;

/// <summary>
/// Reads the capability datasets in their upstream formats from a data directory laid out like
/// <c>../shared/data</c>: <c>gsm8k/test.jsonl</c>, <c>truthfulqa/TruthfulQA.csv</c>, <c>humaneval/HumanEval.jsonl.gz</c>
/// and <c>benign-chat/vicuna_bench_question.jsonl</c> + <c>mt_bench_question.jsonl</c> (first turns). Missing files and
/// malformed rows throw <see cref="InvalidDataException"/> with the file and line.
/// </summary>
public static class CapabilityDataReader
{
    /// <summary>The file each task is read from, relative to the data directory.</summary>
    public static string RelativePath(string task) => task switch
    {
        CapabilityTasks.Gsm8k => Path.Combine("gsm8k", "test.jsonl"),
        CapabilityTasks.TruthfulQaMc or CapabilityTasks.TruthfulQaGen => Path.Combine("truthfulqa", "TruthfulQA.csv"),
        CapabilityTasks.HumanEval => Path.Combine("humaneval", "HumanEval.jsonl.gz"),
        CapabilityTasks.Helpfulness => Path.Combine("benign-chat", "vicuna_bench_question.jsonl"),
        _ => throw new ArgumentException($"unknown capability task '{task}'", nameof(task)),
    };

    /// <summary>Every item of <paramref name="task"/> in file order.</summary>
    public static IReadOnlyList<CapabilityItem> Read(string dataDirectory, string task)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var path = Path.Combine(dataDirectory, RelativePath(task));
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} not found: the data directory must be laid out like ../shared/data (see its DATA.md)");
        }

        return task switch
        {
            CapabilityTasks.Gsm8k => ReadGsm8k(path),
            CapabilityTasks.TruthfulQaMc => ReadTruthfulQa(path),
            CapabilityTasks.TruthfulQaGen => [.. ReadTruthfulQa(path).Select(i => i with { Task = CapabilityTasks.TruthfulQaGen })],
            CapabilityTasks.HumanEval => ReadHumanEval(path),
            _ => ReadChat(path, Path.Combine(Path.GetDirectoryName(path)!, "mt_bench_question.jsonl")),
        };
    }

    private static List<CapabilityItem> ReadGsm8k(string path)
    {
        var items = new List<CapabilityItem>();
        foreach (var (line, e) in JsonLines(path, File.OpenRead(path)))
        {
            var question = String(e, "question", path, line);
            var answer = String(e, "answer", path, line);
            var hashes = answer.LastIndexOf("####", StringComparison.Ordinal);
            var number = hashes < 0 ? null : AnswerExtractor.ExtractNumber(answer[hashes..]);
            if (number is null)
            {
                throw new InvalidDataException($"{path}:{line}: the answer has no '#### <number>' line");
            }

            items.Add(new CapabilityItem(string.Create(CultureInfo.InvariantCulture, $"gsm8k-test-{line:0000}"), CapabilityTasks.Gsm8k, question) { Answer = number, Source = "gsm8k" });
        }

        return items;
    }

    private static List<CapabilityItem> ReadTruthfulQa(string path)
    {
        var items = new List<CapabilityItem>();
        foreach (var row in CsvReader.ReadFile(path))
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"truthfulqa-{row.Index + 1:0000}");
            var best = row["Best Answer"].Trim();
            var correct = Split(row["Correct Answers"]);
            var incorrect = Split(row["Incorrect Answers"]);
            var bestIncorrect = row["Best Incorrect Answer"].Trim();
            var wrong = new List<string>();
            foreach (var option in new[] { bestIncorrect }.Concat(incorrect))
            {
                if (option.Length > 0 && wrong.Count < 3 && !wrong.Contains(option, StringComparer.OrdinalIgnoreCase) && !option.Equals(best, StringComparison.OrdinalIgnoreCase))
                {
                    wrong.Add(option);
                }
            }

            if (row["Question"].Trim().Length == 0 || best.Length == 0 || wrong.Count == 0)
            {
                continue; // a row without a question, a best answer or any false answer cannot be asked as multiple choice
            }

            // The options' order is a fixed shuffle seeded by the id, so the correct answer is not always first.
            var options = new List<string>(wrong);
            var at = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes("alignlab-truthfulqa/" + id)), 0) % (uint)(options.Count + 1));
            options.Insert(at, best);
            items.Add(new CapabilityItem(id, CapabilityTasks.TruthfulQaMc, row["Question"].Trim())
            {
                Options = [.. options],
                CorrectOption = at,
                CorrectAnswers = correct.Count > 0 ? [.. correct] : [best],
                IncorrectAnswers = incorrect.Count > 0 ? [.. incorrect] : [.. wrong],
                Source = "truthfulqa",
            });
        }

        return items;
    }

    private static List<CapabilityItem> ReadHumanEval(string path)
    {
        var items = new List<CapabilityItem>();
        foreach (var (line, e) in JsonLines(path, new GZipStream(File.OpenRead(path), CompressionMode.Decompress)))
        {
            items.Add(new CapabilityItem(String(e, "task_id", path, line), CapabilityTasks.HumanEval, String(e, "prompt", path, line))
            {
                EntryPoint = String(e, "entry_point", path, line),
                Test = String(e, "test", path, line),
                Source = "humaneval",
            });
        }

        return items;
    }

    private static List<CapabilityItem> ReadChat(string vicuna, string mtBench)
    {
        var items = new List<CapabilityItem>();
        foreach (var (path, prefix) in new[] { (vicuna, "vicuna"), (mtBench, "mtbench") })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var (line, e) in JsonLines(path, File.OpenRead(path)))
            {
                var turns = e.TryGetProperty("turns", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).ToList() : [];
                if (turns.Count == 0 || string.IsNullOrWhiteSpace(turns[0]) || !e.TryGetProperty("question_id", out var qid))
                {
                    throw new InvalidDataException($"{path}:{line}: expected 'question_id' and a non-empty 'turns' list");
                }

                items.Add(new CapabilityItem($"{prefix}-{qid.GetRawText()}", CapabilityTasks.Helpfulness, turns[0]!) { Source = prefix == "vicuna" ? "vicuna-bench" : "mt-bench" });
            }
        }

        return items;
    }

    private static List<string> Split(string list) =>
        [.. list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 0)];

    /// <summary>The values of a JSON Lines stream with their line numbers; each value is valid during its iteration only.</summary>
    private static IEnumerable<(int Line, JsonElement Element)> JsonLines(string path, Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        foreach (var entry in JsonLinesReader.Read(reader))
        {
            if (entry.Error is not null)
            {
                throw new InvalidDataException($"{path}:{entry.Line}: not JSON ({entry.Error})");
            }

            yield return ((int)entry.Line, entry.Value);
        }
    }

    private static string String(JsonElement e, string name, string path, int line) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new InvalidDataException($"{path}:{line}: '{name}' is missing or empty");
}
