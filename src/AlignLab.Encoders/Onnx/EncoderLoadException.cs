namespace AlignLab.Encoders.Onnx;

/// <summary>An encoder file is missing or unusable. <see cref="Exception.Message"/> names the file and what to do.</summary>
public sealed class EncoderLoadException : Exception
{
    public EncoderLoadException()
    {
    }

    public EncoderLoadException(string message)
        : base(message)
    {
    }

    public EncoderLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file at fault.</summary>
    public string? FilePath { get; init; }
}
