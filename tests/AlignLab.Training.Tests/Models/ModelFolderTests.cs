using AlignLab.Training.Models;

namespace AlignLab.Training.Tests.Models;

public sealed class ModelFolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-init-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_initialised_folder_has_the_hugging_face_files_and_loads_back()
    {
        var parameters = ModelFolder.Initialise(DecoderConfig.Tiny(DecoderArchitecture.Qwen2), _directory, seed: 5);
        Assert.Equal(["config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"],
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var model = DecoderCheckpoint.Load(_directory).GetValueOrThrow();
        Assert.Equal(parameters, model.NamedTensors().Sum(p => p.Value.numel()));
        Assert.Equal(DecoderArchitecture.Qwen2, model.Config.Architecture);
    }
}
