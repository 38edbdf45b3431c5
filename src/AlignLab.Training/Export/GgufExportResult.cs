namespace AlignLab.Training.Export;

/// <summary>What <see cref="GgufExporter.Export"/> wrote.</summary>
/// <param name="Path">The GGUF file.</param>
/// <param name="Architecture">The llama.cpp architecture (<c>general.architecture</c>): llama, qwen2 or gemma.</param>
/// <param name="Tensors">How many tensors the file holds.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="VocabularySize">Tokens in <c>tokenizer.ggml.tokens</c>.</param>
public sealed record GgufExportResult(string Path, string Architecture, int Tensors, long Bytes, int VocabularySize);
