using AlignLab.Encoders.Onnx;

namespace AlignLab.Encoders.Tests.Onnx;

public sealed class EncoderFilesTests
{
    [Fact]
    public void A_missing_onnx_file_is_a_load_error_that_names_the_file()
    {
        using var dir = new TempDir();
        File.Copy(EncoderFiles.Bundled.VocabularyPath, dir.File("vocab.txt"));

        var ex = Assert.Throws<EncoderLoadException>(() => SentenceEncoder.Load(EncoderFiles.InFolder(dir.Path)));

        Assert.Contains(dir.File("model.onnx"), ex.Message, StringComparison.Ordinal);
        Assert.Equal(dir.File("model.onnx"), ex.FilePath);
    }

    [Fact]
    public void A_corrupt_onnx_file_is_a_load_error_that_names_the_file_not_a_crash()
    {
        using var dir = new TempDir();
        File.Copy(EncoderFiles.Bundled.VocabularyPath, dir.File("vocab.txt"));
        var bytes = File.ReadAllBytes(EncoderFiles.Bundled.ModelPath).AsSpan(0, 4096).ToArray(); // a truncated download
        File.WriteAllBytes(dir.File("model.onnx"), bytes);

        var ex = Assert.Throws<EncoderLoadException>(() => SentenceEncoder.Load(EncoderFiles.InFolder(dir.Path)));

        Assert.Contains(dir.File("model.onnx"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_foreign_vocabulary_is_a_load_error_that_names_it()
    {
        using var dir = new TempDir();
        dir.Write("vocab.txt", "a\nb\nc\n");

        var foreign = Assert.Throws<EncoderLoadException>(() => SentenceEncoder.Load(new EncoderFiles(EncoderFiles.Bundled.ModelPath, dir.File("vocab.txt"))));
        var missing = Assert.Throws<EncoderLoadException>(() => SentenceEncoder.Load(new EncoderFiles(EncoderFiles.Bundled.ModelPath, dir.File("none.txt"))));

        Assert.Contains("vocab.txt", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("[UNK]", foreign.Message, StringComparison.Ordinal);
        Assert.Contains(dir.File("none.txt"), missing.Message, StringComparison.Ordinal);
    }
}
