using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Training.Models;
using AlignLab.Training.Serving;
using AlignLab.Training.Tests.Support;
using Microsoft.Extensions.AI;

namespace AlignLab.Training.Tests.Serving;

public sealed class TorchChatClientTests : IDisposable
{
    private static readonly ChatMessage[] s_messages = [new(ChatRole.User, "the quick")];
    private readonly string _folder = TinyTrainedModel.Folder(DecoderArchitecture.Llama);
    private readonly string _scratch = Directory.CreateTempSubdirectory("alignlab-torch-provider-").FullName;

    public TorchChatClientTests() => TorchProvider.Register();

    [Fact]
    public async Task A_torch_spec_is_served_by_the_chat_client_factory_and_streams_what_the_whole_response_says()
    {
        using var client = ChatClientFactory.Create($"torch:{_folder}");
        var options = new ChatOptions { MaxOutputTokens = 12, Temperature = 0 };
        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync(s_messages, options))
        {
            pieces.Add(update.Text);
        }

        var whole = await client.GetResponseAsync(s_messages, options);
        Assert.Equal(whole.Text, string.Concat(pieces));
        Assert.True(pieces.Count(p => p.Length > 0) > 1, "streamed token by token");
        Assert.Equal(12, whole.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, whole.FinishReason);
    }

    [Fact]
    public async Task A_stop_sequence_cuts_the_answer_before_it()
    {
        using var client = TorchProvider.Create(ModelSpec.Parse($"torch:{_folder}"));
        var full = (await client.GetResponseAsync(s_messages, new ChatOptions { MaxOutputTokens = 30, Temperature = 0 })).Text;
        Assert.True(full.Length >= 8, full);
        var stop = full.Substring(5, 3);
        var cut = await client.GetResponseAsync(s_messages, new ChatOptions { MaxOutputTokens = 30, Temperature = 0, StopSequences = [stop] });
        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
    }

    [Fact]
    public async Task Seeded_sampling_through_chat_options_repeats()
    {
        using var client = TorchProvider.Create(ModelSpec.Parse($"torch:{_folder}"));
        var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 1.5f, TopP = 0.95f, Seed = 9 };
        Assert.Equal((await client.GetResponseAsync(s_messages, options)).Text, (await client.GetResponseAsync(s_messages, options)).Text);
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_it()
    {
        using var client = TorchProvider.Create(ModelSpec.Parse($"torch:{_folder}"));
        using var cancel = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(s_messages, new ChatOptions { MaxOutputTokens = 200 }, cancel.Token))
            {
                seen++;
                await cancel.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public void A_missing_folder_or_a_broken_checkpoint_is_a_provider_error_naming_it()
    {
        var missing = Assert.Throws<ModelProviderException>(() => TorchProvider.Create(ModelSpec.Parse($"torch:{_scratch}/nope")));
        Assert.Contains("folder not found", missing.Message, StringComparison.Ordinal);

        var broken = Path.Combine(_scratch, "broken");
        Directory.CreateDirectory(broken);
        File.Copy(Path.Combine(_folder, "config.json"), Path.Combine(broken, "config.json"));
        File.WriteAllBytes(Path.Combine(broken, "model.safetensors"), [1, 2, 3]);
        var e = Assert.Throws<ModelProviderException>(() => TorchProvider.Create(ModelSpec.Parse($"torch:{broken}")));
        Assert.Contains("model.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torch_spec_keeps_an_at_sign_in_the_folder_and_refuses_an_endpoint()
    {
        Assert.Equal("runs/v1@home", ModelSpec.Parse("torch:runs/v1@home").Model);
        Assert.Null(ModelSpec.TryParse("torch:runs/v1;endpoint=http://x", out var error));
        Assert.Contains("local folders", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
