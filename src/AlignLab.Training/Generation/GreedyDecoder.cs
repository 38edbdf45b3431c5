using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Generation;

/// <summary>Greedy (arg-max) decoding with the KV cache: the prompt in one forward pass, then one token per step.</summary>
public static class GreedyDecoder
{
    /// <summary>
    /// The tokens generated after <paramref name="prompt"/>: at most <paramref name="maxNewTokens"/>, ending early after a
    /// token of <paramref name="stopTokens"/> (included) or at the model's <c>max_position_embeddings</c>.
    /// </summary>
    public static IReadOnlyList<long> Generate(
        DecoderModel model, IReadOnlyList<long> prompt, int maxNewTokens, IReadOnlyCollection<long>? stopTokens = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token", nameof(prompt));
        }

        var stops = stopTokens ?? [.. model.Config.EosTokenIds.Select(id => (long)id)];
        var device = model.parameters().First().device;
        var generated = new List<long>();
        using var noGrad = no_grad();
        using var cache = model.CreateCache();
        var next = prompt.ToArray();
        while (generated.Count < maxNewTokens && cache.Length + next.Length <= model.Config.MaxPositionEmbeddings)
        {
            using var scope = NewDisposeScope();
            var logits = model.Forward(tensor(next, dtype: ScalarType.Int64, device: device).unsqueeze(0), cache);
            var token = logits[0, -1].argmax().item<long>();
            generated.Add(token);
            if (stops.Contains(token))
            {
                break;
            }

            next = [token];
        }

        return generated;
    }
}
