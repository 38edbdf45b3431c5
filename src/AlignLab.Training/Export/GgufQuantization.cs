namespace AlignLab.Training.Export;

/// <summary>
/// How <see cref="GgufExporter"/> stores the weight matrices (norms and other 1-D tensors always stay F32, as llama.cpp's
/// converter keeps them).
/// </summary>
public enum GgufQuantization
{
    /// <summary>IEEE half precision (<c>--quant f16</c>).</summary>
    F16,

    /// <summary>8-bit blocks of 32 with an fp16 scale (<c>--quant q8_0</c>); a matrix whose rows are not a multiple of 32 stays F16.</summary>
    Q8_0,

    /// <summary>Full precision (<c>--quant f32</c>), for checking an export against the original bit for bit.</summary>
    F32,
}
