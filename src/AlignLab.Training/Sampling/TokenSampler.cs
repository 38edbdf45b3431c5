using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Sampling;

/// <summary>
/// Generation with the KV cache and sampling: temperature, top-k, top-p (nucleus) and a seed, drawn with a torch
/// generator of its own so other code using the global random state does not change the tokens. Temperature 0 is arg-max.
/// Tokens are produced one at a time, so a caller can stream them, stop on text, or cancel between tokens.
/// </summary>
public static class TokenSampler
{
    /// <summary>
    /// The tokens generated after <paramref name="prompt"/>, lazily: at most <see cref="SamplingOptions.MaxNewTokens"/>, ending
    /// after a token of <paramref name="stopTokens"/> (yielded; the model's <c>eos_token_id</c>s when null) or at the model's
    /// <c>max_position_embeddings</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid or the prompt is empty.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (checked before each forward pass).</exception>
    public static IEnumerable<long> Generate(
        DecoderModel model, IReadOnlyList<long> prompt, SamplingOptions options, IReadOnlyCollection<long>? stopTokens = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token", nameof(prompt));
        }

        return Iterate(model, prompt, options, stopTokens ?? [.. model.Config.EosTokenIds.Select(id => (long)id)], cancellationToken);
    }

    private static IEnumerable<long> Iterate(
        DecoderModel model, IReadOnlyList<long> prompt, SamplingOptions options, IReadOnlyCollection<long> stops,
        CancellationToken cancellationToken)
    {
        var device = model.parameters().First().device;
        using var generator = new Generator(unchecked((ulong)(options.Seed ?? Random.Shared.NextInt64())), device);
        using var cache = model.CreateCache();
        var next = prompt.ToArray();
        for (var produced = 0; produced < options.MaxNewTokens && cache.Length + next.Length <= model.Config.MaxPositionEmbeddings; produced++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long token;
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                var logits = model.Forward(tensor(next, dtype: ScalarType.Int64, device: device).unsqueeze(0), cache);
                token = Pick(logits[0, -1].to_type(ScalarType.Float32), options, generator);
            }

            yield return token;
            if (stops.Contains(token))
            {
                yield break;
            }

            next = [token];
        }
    }

    /// <summary>One token from <paramref name="logits"/> [vocab] under <paramref name="options"/>.</summary>
    internal static long Pick(Tensor logits, SamplingOptions options, Generator generator)
    {
        if (options.Temperature <= 0)
        {
            return logits.argmax().item<long>();
        }

        var (sorted, indices) = (logits / options.Temperature).sort(descending: true);
        var probabilities = sorted.softmax(0);
        if (options.TopK is > 0 and var k && k < probabilities.shape[0])
        {
            probabilities[TensorIndex.Slice(k)] = 0;
        }

        if (options.TopP < 1)
        {
            // Keep a token while the tokens before it hold less than top_p: the most likely one always survives.
            var before = probabilities.cumsum(0) - probabilities;
            probabilities = probabilities.masked_fill(before >= options.TopP, 0);
        }

        var choice = probabilities.multinomial(1, generator: generator).item<long>();
        return indices[choice].item<long>();
    }
}
