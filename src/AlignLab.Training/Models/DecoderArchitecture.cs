namespace AlignLab.Training.Models;

/// <summary>The decoder-only layouts AlignLab builds (config.json <c>model_type</c>).</summary>
public enum DecoderArchitecture
{
    /// <summary><c>llama</c>: RMSNorm × w, SwiGLU, optional attention biases.</summary>
    Llama,

    /// <summary><c>qwen2</c>: as Llama, with biases on q/k/v (never on o).</summary>
    Qwen2,

    /// <summary><c>gemma</c>: RMSNorm × (1 + w), GeGLU (tanh), embeddings scaled by √hidden, tied output.</summary>
    Gemma,
}
