using AlignLab.Providers.Llama.Loading;
using AlignLab.Testing.Gguf;
using AlignLab.Providers.Llama.Tests.Support;
using AlignLab.Testing.Support;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Llama.Tests.Loading;

public sealed class LlamaModelCacheTests
{
    [Fact]
    public async Task Clients_of_one_file_share_one_load_and_the_last_one_disposed_frees_it()
    {
        using var dir = new TempDir();
        var path = new TinyLlama { FixedToken = "ab" }.WriteTo(dir.File("shared.gguf"));

        var judge = LlamaProvider.Create(TinyModels.Spec(path, "context_size=64"));
        var generator = LlamaProvider.Create(TinyModels.Spec(path, "context_size=128"));
        Assert.Equal(2, LlamaModelCache.Shared.Leases(path));

        judge.Dispose();
        Assert.Equal(1, LlamaModelCache.Shared.Leases(path));
        var answer = await generator.GetResponseAsync("hello", new ChatOptions { Temperature = 0, MaxOutputTokens = 1 });
        Assert.Equal("ab", answer.Text);

        generator.Dispose();
        Assert.Equal(0, LlamaModelCache.Shared.Leases(path));
    }

    [Fact]
    public void A_failed_load_leaves_nothing_behind_and_can_be_retried()
    {
        using var dir = new TempDir();
        var path = dir.File("later.gguf");
        var bytes = new TinyLlama().ToArray();
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        Assert.Throws<Errors.ModelProviderException>(() => LlamaProvider.Create(TinyModels.Spec(path)));
        Assert.Equal(0, LlamaModelCache.Shared.Leases(path));

        File.WriteAllBytes(path, bytes);
        using var client = LlamaProvider.Create(TinyModels.Spec(path, "context_size=64"));
        Assert.Equal(1, LlamaModelCache.Shared.Leases(path));
    }
}
