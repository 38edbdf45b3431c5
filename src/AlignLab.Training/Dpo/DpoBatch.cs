using AlignLab.Training.Models;
using AlignLab.Training.Preferences;
using static TorchSharp.torch;

namespace AlignLab.Training.Dpo;

/// <summary>
/// Rows of prompt + answer, right-padded [rows, length], with the mask of next-token targets that are answer tokens
/// (and the answer's EOS) [rows, length − 1].
/// </summary>
internal sealed class DpoBatch : IDisposable
{
    private readonly Tensor _ids;
    private readonly Tensor _mask;

    public DpoBatch(IReadOnlyList<PairSequence> rows, long pad, Device device)
    {
        var length = rows.Max(r => r.Ids.Length);
        var ids = new long[rows.Count * length];
        Array.Fill(ids, pad);
        var mask = new float[rows.Count * (length - 1)];
        for (var row = 0; row < rows.Count; row++)
        {
            Array.Copy(rows[row].Ids, 0, ids, row * length, rows[row].Ids.Length);
            for (var t = Math.Max(1, rows[row].AnswerStart); t < rows[row].Ids.Length; t++)
            {
                mask[(row * (length - 1)) + t - 1] = 1;
            }
        }

        _ids = tensor(ids, [rows.Count, length], device: device);
        _mask = tensor(mask, [rows.Count, length - 1], device: device);
    }

    /// <summary>Log-probabilities of every next token [rows, length − 1, vocab] under <paramref name="model"/>.</summary>
    public Tensor LogProbabilities(DecoderModel model) =>
        nn.functional.log_softmax(model.Forward(_ids[.., ..^1]).to(ScalarType.Float32), -1);

    /// <summary>Summed log-probabilities of each row's answer tokens [rows].</summary>
    public Tensor AnswerLogProbability(Tensor logProbabilities) =>
        (logProbabilities.gather(-1, _ids[.., 1..].unsqueeze(-1)).squeeze(-1) * _mask).sum(1);

    /// <summary>KL(π ‖ ref) summed over the vocabulary at each answer position, summed over all rows' answer positions.</summary>
    public Tensor SummedKl(Tensor policy, Tensor reference) => ((policy.exp() * (policy - reference)).sum(-1) * _mask).sum();

    /// <summary>Answer positions in the batch.</summary>
    public double AnswerTokens => _mask.sum().item<float>();

    public void Dispose()
    {
        _ids.Dispose();
        _mask.Dispose();
    }
}
