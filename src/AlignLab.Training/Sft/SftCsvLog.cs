using System.Globalization;

namespace AlignLab.Training.Sft;

/// <summary>
/// <c>train_log.csv</c>: <c>step,epoch,loss,learning_rate,grad_norm,tokens,tokens_per_second,eval_loss</c>, one row a
/// step, flushed as written. A resumed run first drops the rows after the step it resumes from, so the file holds one
/// continuous curve.
/// </summary>
internal sealed class SftCsvLog : IDisposable
{
    public const string FileName = "train_log.csv";
    private const string Header = "step,epoch,loss,learning_rate,grad_norm,tokens,tokens_per_second,eval_loss";
    private readonly StreamWriter _writer;

    public SftCsvLog(string outputDirectory, int resumedFromStep)
        : this(outputDirectory, resumedFromStep, Header)
    {
    }

    /// <summary>A log with other columns (the preference trainers'); the first column must be the step.</summary>
    public SftCsvLog(string outputDirectory, int resumedFromStep, string header)
    {
        var path = Path.Combine(outputDirectory, FileName);
        var kept = new List<string>();
        if (resumedFromStep > 0 && File.Exists(path))
        {
            kept.AddRange(File.ReadLines(path).Skip(1).Where(line =>
                int.TryParse(
                    line.AsSpan(0, Math.Max(0, line.IndexOf(',', StringComparison.Ordinal))), NumberStyles.None, CultureInfo.InvariantCulture,
                    out var step) && step <= resumedFromStep));
        }

        _writer = new StreamWriter(path, append: false) { AutoFlush = true, NewLine = "\n" };
        _writer.WriteLine(header);
        foreach (var line in kept)
        {
            _writer.WriteLine(line);
        }
    }

    public void Write(SftStepLog row) =>
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Step},{row.Epoch},{row.Loss:R},{row.LearningRate:R},{row.GradNorm:R},{row.Tokens},{row.TokensPerSecond:F1},{row.EvalLoss:R}"));

    /// <summary>One row of numbers (round-trip format; null as an empty cell).</summary>
    public void WriteValues(IEnumerable<double?> values) =>
        _writer.WriteLine(string.Join(',', values.Select(v => v?.ToString("R", CultureInfo.InvariantCulture) ?? "")));

    public void Dispose() => _writer.Dispose();
}
