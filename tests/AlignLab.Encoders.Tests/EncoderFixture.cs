using AlignLab.Encoders.Onnx;

namespace AlignLab.Encoders.Tests;

/// <summary>The bundled encoder, loaded once for a test class (about a second).</summary>
public sealed class EncoderFixture : IDisposable
{
    public SentenceEncoder Encoder { get; } = SentenceEncoder.Load(EncoderFiles.Bundled);

    public void Dispose() => Encoder.Dispose();
}
