using System.Security.Cryptography;
using AlignLab.Classification;
using AlignLab.Encoders.Heads;
using AlignLab.Encoders.Onnx;

namespace AlignLab.Encoders.Tiers;

/// <summary>
/// The contextual tier behind the fast classifier: the fast tier scores every text; when its unsafe probability falls
/// inside the band (or always, with <see cref="ContextualTierOptions.Always"/>), the sentence encoder embeds the text and
/// the head's stacked probability decides instead. This is the seam a decision step uses for a second signal: it
/// returns both scores and says which decided. Thread-safe; owns (and disposes) the encoder.
/// </summary>
public sealed class ContextualTier : IDisposable
{
    /// <summary>Resource name of the heads embedded in this assembly (models/contextual_minilm.alch).</summary>
    public const string EmbeddedHeadName = "AlignLab.Encoders.contextual_minilm.alch";

    private readonly SentenceEncoder _encoder;

    public ContextualTier(SafetyClassifier fast, SentenceEncoder encoder, ContextualHead head, ContextualTierOptions? options = null)
    {
        Fast = fast ?? throw new ArgumentNullException(nameof(fast));
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Head = head ?? throw new ArgumentNullException(nameof(head));
        Options = options ?? new ContextualTierOptions();
        var problems = Options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        if (head.Dimensions != encoder.Dimensions)
        {
            throw new ArgumentException($"the head reads {head.Dimensions}-dimensional embeddings but the encoder gives {encoder.Dimensions}", nameof(head));
        }
    }

    /// <summary>The fast tier.</summary>
    public SafetyClassifier Fast { get; }

    /// <summary>The head.</summary>
    public ContextualHead Head { get; }

    /// <summary>When the encoder runs.</summary>
    public ContextualTierOptions Options { get; }

    /// <summary>The heads embedded in this assembly, or null when this build has none.</summary>
    public static ContextualHead? EmbeddedHead()
    {
        using var stream = typeof(ContextualTier).Assembly.GetManifestResourceStream(EmbeddedHeadName);
        return stream is null ? null : ContextualHeadFile.Load(stream);
    }

    /// <summary>
    /// The tier with the embedded heads and the bundled encoder (or the encoder in <paramref name="encoderFolder"/>).
    /// </summary>
    /// <exception cref="EncoderLoadException">The encoder's files are missing or unusable, or this build has no heads; the message names the file.</exception>
    public static ContextualTier Load(SafetyClassifier fast, ContextualTierOptions? options = null, string? encoderFolder = null, string? headPath = null)
    {
        ArgumentNullException.ThrowIfNull(fast);
        ContextualHead head;
        if (headPath is not null)
        {
            try
            {
                using var s = File.OpenRead(headPath);
                head = ContextualHeadFile.Load(s);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new EncoderLoadException($"contextual head {headPath} is not usable: {ex.Message}", ex) { FilePath = headPath };
            }
        }
        else
        {
            head = EmbeddedHead() ?? throw new EncoderLoadException("this build of AlignLab.Encoders has no contextual heads (models/contextual_minilm.alch)");
        }

        var encoder = SentenceEncoder.Load(encoderFolder is null ? EncoderFiles.Bundled : EncoderFiles.InFolder(encoderFolder));
        try
        {
            return new ContextualTier(fast, encoder, head, options);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>SHA-256 (hex) of a fast model as saved, to check that heads were stacked with it.</summary>
    public static string DigestOf(SafetyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var ms = new MemoryStream();
        model.Save(ms);
        return Convert.ToHexString(SHA256.HashData(ms.ToArray()));
    }

    /// <summary>Whether the heads were stacked with this fast model (if not, they still run, but their weights assume another score).</summary>
    public bool HeadMatchesFastModel => string.Equals(DigestOf(Fast.Model), Head.FastModelDigest, StringComparison.OrdinalIgnoreCase);

    /// <summary>Scores a text: the fast tier always, the encoder when the fast score is in the band (or always).</summary>
    public ContextualScores Score(string text)
    {
        text ??= string.Empty;
        return Score(text, Fast.Classify(text));
    }

    /// <summary>
    /// Scores a text the fast tier has already scored (<paramref name="fast"/>): the encoder runs when that score is in
    /// the band (or always). <see cref="ContextualScoreRefiner"/> uses it to refine the score RuleEngine computed.
    /// </summary>
    public ContextualScores Score(string text, SafetyScores fast)
    {
        ArgumentNullException.ThrowIfNull(fast);
        text ??= string.Empty;
        if (!Options.Always && (fast.Unsafe < Options.BandLow || fast.Unsafe > Options.BandHigh))
        {
            return new ContextualScores(fast, null, fast.Unsafe, Fast.UnsafeThreshold);
        }

        var stacked = Head.Probability(fast.Unsafe, _encoder.Embed(text));
        return new ContextualScores(fast, stacked, stacked, Head.Threshold);
    }

    public void Dispose() => _encoder.Dispose();
}
