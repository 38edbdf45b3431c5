namespace AlignLab.Training.Checkpoints;

/// <summary>One tensor's entry in a safetensors header: its element type, shape and byte range in the data buffer.</summary>
/// <param name="Name">The tensor's name (a Hugging Face state-dict key).</param>
/// <param name="Dtype">The element type.</param>
/// <param name="Shape">The shape, row-major; empty for a scalar.</param>
/// <param name="Begin">The first byte, relative to the start of the data buffer.</param>
/// <param name="End">One past the last byte.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDtype Dtype, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The byte length of the tensor's data.</summary>
    public long ByteLength => End - Begin;
}
