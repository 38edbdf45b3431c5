namespace AlignLab.Providers.Llama.Gguf;

/// <summary>A file is not a GGUF file llama.cpp could load: wrong magic, unsupported version, truncated or inconsistent.</summary>
internal sealed class GgufFormatException : Exception
{
    public GgufFormatException()
        : this("not a valid GGUF file")
    {
    }

    public GgufFormatException(string message)
        : base(message)
    {
    }

    public GgufFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
