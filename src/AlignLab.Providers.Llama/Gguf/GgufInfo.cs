namespace AlignLab.Providers.Llama.Gguf;

/// <summary>What AlignLab reads from a GGUF header before llama.cpp sees the file.</summary>
/// <param name="Version">The format version (2 or 3).</param>
/// <param name="TensorCount">Number of tensors.</param>
/// <param name="MetadataCount">Number of metadata key/value pairs.</param>
/// <param name="Architecture"><c>general.architecture</c>, e.g. <c>llama</c> or <c>gemma2</c>.</param>
/// <param name="Name"><c>general.name</c>, if any.</param>
/// <param name="ChatTemplate"><c>tokenizer.chat_template</c> (the Hugging Face Jinja source), if any.</param>
/// <param name="TrainedContextLength"><c>{architecture}.context_length</c>, if present.</param>
internal sealed record GgufInfo(
    uint Version,
    ulong TensorCount,
    ulong MetadataCount,
    string Architecture,
    string? Name,
    string? ChatTemplate,
    long? TrainedContextLength);
