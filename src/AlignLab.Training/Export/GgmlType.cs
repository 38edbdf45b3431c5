namespace AlignLab.Training.Export;

/// <summary>The ggml tensor types the exporter writes (values as in ggml.h).</summary>
internal enum GgmlType
{
    /// <summary>32-bit float.</summary>
    F32 = 0,

    /// <summary>IEEE half.</summary>
    F16 = 1,

    /// <summary>Blocks of 32 int8 values with one fp16 scale (34 bytes).</summary>
    Q8_0 = 8,
}
