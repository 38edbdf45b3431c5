namespace AlignLab.Training.Checkpoints;

/// <summary>The safetensors element types AlignLab reads and writes (the ones Hugging Face checkpoints of these models use).</summary>
public enum SafetensorsDtype
{
    /// <summary>IEEE 754 binary32, "F32".</summary>
    F32,

    /// <summary>IEEE 754 binary16, "F16".</summary>
    F16,

    /// <summary>bfloat16 (the upper 16 bits of a binary32), "BF16".</summary>
    BF16,
}
