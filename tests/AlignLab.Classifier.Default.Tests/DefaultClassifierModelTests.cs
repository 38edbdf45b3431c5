using AlignLab.Classification;
using AlignLab.Classifier.Default;

namespace AlignLab.Tests;

/// <summary>The default model assembly and the seam through which the core finds it (issue 16, build item 1).</summary>
public sealed class DefaultClassifierModelTests
{
    [Fact]
    public void The_assembly_embeds_the_model_file_byte_for_byte()
    {
        var file = Path.Combine(RepoPaths.Root, "models", "safety_classifier.alsc");
        using var stream = DefaultClassifierModel.Open();

        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(file), copy.ToArray());
    }

    [Fact]
    public void The_core_finds_the_model_by_the_names_this_assembly_declares()
    {
        Assert.Equal(DefaultClassifierModel.AssemblyName, DefaultModelSource.AssemblyName);
        Assert.Equal(DefaultClassifierModel.ResourceName, SafetyClassifier.EmbeddedModelName);
        Assert.Equal(DefaultClassifierModel.AssemblyName, DefaultClassifierModel.Assembly.GetName().Name);

        using var stream = DefaultModelSource.Open();
        Assert.NotNull(stream);
        Assert.Equal(new FileInfo(Path.Combine(RepoPaths.Root, "models", "safety_classifier.alsc")).Length, stream.Length);
    }

    [Fact]
    public void The_default_classifier_is_the_model_of_this_assembly()
    {
        using var stream = DefaultClassifierModel.Open()!;
        var model = SafetyModel.Load(stream);

        Assert.NotNull(SafetyClassifier.Default);
        Assert.Equal(model.MetadataJson, SafetyClassifier.Default.Model.MetadataJson);
    }
}
