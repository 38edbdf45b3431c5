using static TorchSharp.torch;

namespace AlignLab.Training.Sft;

/// <summary>
/// Rows of token ids [rows, length] and the loss mask of their next-token targets [rows, length − 1]: true where the
/// token at t + 1 is an assistant token. Rows are right-padded, so the causal mask alone keeps padding out of every real
/// position's attention and no attention mask is needed.
/// </summary>
internal sealed record SftBatch(long[][] Rows, bool[][] Trained)
{
    /// <summary>Trained target tokens in the batch.</summary>
    public long TargetTokens => Trained.Sum(r => r.Skip(1).LongCount(t => t));

    /// <summary>All tokens in the batch, padding excluded.</summary>
    public long Tokens => Rows.Sum(r => (long)r.Length);

    /// <summary>The summed negative log-likelihood of the trained targets (divide by the step's target count).</summary>
    public Tensor SummedLoss(Models.DecoderModel model, Device device, long pad)
    {
        var length = Rows.Max(r => r.Length);
        var ids = new long[Rows.Length * length];
        Array.Fill(ids, pad);
        var mask = new float[Rows.Length * (length - 1)];
        for (var row = 0; row < Rows.Length; row++)
        {
            Array.Copy(Rows[row], 0, ids, row * length, Rows[row].Length);
            for (var t = 1; t < Rows[row].Length; t++)
            {
                mask[(row * (length - 1)) + t - 1] = Trained[row][t] ? 1 : 0;
            }
        }

        using var input = tensor(ids, [Rows.Length, length], device: device);
        using var weights = tensor(mask, [Rows.Length, length - 1], device: device);
        var logits = model.Forward(input[.., ..^1]);
        var nll = nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[^1]), input[.., 1..].reshape(-1), reduction: nn.Reduction.None);
        return (nll.to(ScalarType.Float32) * weights.reshape(-1)).sum();
    }

    /// <summary>
    /// The batches of one epoch: the sequences in <paramref name="order"/>, packed first-fit into rows of at most
    /// <paramref name="maxLength"/> tokens (whole sequences only; packed sequences see earlier ones of their row, as in
    /// transformers' plain packing) or one sequence a row, then <paramref name="rowsPerBatch"/> rows a batch.
    /// </summary>
    public static List<SftBatch> Build(IReadOnlyList<SftSequence> sequences, IReadOnlyList<int> order, int maxLength, int rowsPerBatch, bool packing)
    {
        var rows = new List<(List<long> Ids, List<bool> Trained)>();
        foreach (var index in order)
        {
            var sequence = sequences[index];
            var row = packing ? rows.FindIndex(r => r.Ids.Count + sequence.Ids.Length <= maxLength) : -1;
            if (row < 0)
            {
                rows.Add(([], []));
                row = rows.Count - 1;
            }

            rows[row].Ids.AddRange(sequence.Ids);
            rows[row].Trained.AddRange(sequence.Trained);
        }

        return [.. rows.Chunk(rowsPerBatch)
            .Select(chunk => new SftBatch([.. chunk.Select(r => r.Ids.ToArray())], [.. chunk.Select(r => r.Trained.ToArray())]))];
    }
}
