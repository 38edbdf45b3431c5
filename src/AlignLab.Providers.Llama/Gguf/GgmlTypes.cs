namespace AlignLab.Providers.Llama.Gguf;

/// <summary>Block size (values) and block bytes of the ggml tensor types, as gguf-py's GGML_QUANT_SIZES lists them.</summary>
internal static class GgmlTypes
{
    private const int K = 256;

    /// <summary>Looks up a type id; false for ids this table does not know (newer types are then only range-checked).</summary>
    public static bool TryGet(uint type, out int blockSize, out int blockBytes)
    {
        (blockSize, blockBytes) = type switch
        {
            0 => (1, 4), // F32
            1 => (1, 2), // F16
            2 => (32, 2 + 16), // Q4_0
            3 => (32, 2 + 2 + 16), // Q4_1
            6 => (32, 2 + 4 + 16), // Q5_0
            7 => (32, 2 + 2 + 4 + 16), // Q5_1
            8 => (32, 2 + 32), // Q8_0
            9 => (32, 4 + 4 + 32), // Q8_1
            10 => (K, 2 + 2 + (K / 16) + (K / 4)), // Q2_K
            11 => (K, 2 + (K / 4) + (K / 8) + 12), // Q3_K
            12 => (K, 2 + 2 + (K / 2) + 12), // Q4_K
            13 => (K, 2 + 2 + (K / 2) + (K / 8) + 12), // Q5_K
            14 => (K, 2 + (K / 2) + (K / 4) + (K / 16)), // Q6_K
            15 => (K, 4 + K + (K / 8)), // Q8_K
            16 => (K, 2 + (K / 4)), // IQ2_XXS
            17 => (K, 2 + (K / 4) + (K / 32)), // IQ2_XS
            18 => (K, 2 + (K / 4) + (K / 8)), // IQ3_XXS
            19 => (K, 2 + (K / 8) + (K / 16)), // IQ1_S
            20 => (32, 2 + 16), // IQ4_NL
            21 => (K, 2 + (K / 4) + (K / 8) + (K / 32) + 4), // IQ3_S
            22 => (K, 2 + (K / 4) + (K / 16)), // IQ2_S
            23 => (K, 2 + 2 + (K / 2) + (K / 64)), // IQ4_XS
            24 => (1, 1), // I8
            25 => (1, 2), // I16
            26 => (1, 4), // I32
            27 => (1, 8), // I64
            28 => (1, 8), // F64
            29 => (K, (K / 8) + (K / 16) + (K / 32)), // IQ1_M
            30 => (1, 2), // BF16
            34 => (K, 2 + (4 * 13)), // TQ1_0
            35 => (K, 2 + 64), // TQ2_0
            39 => (32, 1 + 16), // MXFP4
            _ => (0, 0),
        };
        return blockSize > 0;
    }
}
