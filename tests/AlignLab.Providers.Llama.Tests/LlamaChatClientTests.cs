using System.Diagnostics;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Llama.Tests.Support;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Llama.Tests;

/// <summary>Generation through <see cref="LlamaChatClient"/> on tiny GGUF files the tests write (random or fixed-answer weights).</summary>
public sealed class LlamaChatClientTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0 };

    private static ChatOptions Options(int? maxTokens = null, params string[] stops) =>
        new() { Temperature = 0, MaxOutputTokens = maxTokens, StopSequences = stops.Length == 0 ? null : stops };

    [Fact]
    public async Task A_tiny_gguf_written_by_the_test_loads_and_answers_with_usage_and_a_finish_reason()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Random, "context_size=128;threads=1"));

        var response = await client.GetResponseAsync("hello world", Options(maxTokens: 8));

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(8, response.Usage?.OutputTokenCount);
        Assert.True(response.Usage?.InputTokenCount > 5);
        Assert.Equal("random.gguf", response.ModelId);
        Assert.Equal(128, client.ContextSize);
        Assert.Equal(1, client.Threads);
        Assert.Equal("llama", client.Architecture);
        Assert.Equal("tokenizer.chat_template from the file", client.ChatTemplate);
    }

    [Fact]
    public async Task Greedy_generation_is_deterministic()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Random, "context_size=128"));

        var first = await client.GetResponseAsync("hello", Options(maxTokens: 12));
        var second = await client.GetResponseAsync("hello", Options(maxTokens: 12));

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task Max_output_tokens_caps_the_answer()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab));

        var response = await client.GetResponseAsync("hello", Options(maxTokens: 3));

        Assert.Equal("ababab", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task The_spec_max_tokens_applies_when_the_caller_sets_none()
    {
        using var client = Providers.Clients.ChatClientFactory.Create(TinyModels.Spec(models.Ab, "max_tokens=2;temperature=0"));

        var response = await client.GetResponseAsync("hello");

        Assert.Equal("abab", response.Text);
    }

    [Fact]
    public async Task Streaming_yields_the_answer_token_by_token_and_ends_with_a_finish_reason_and_usage()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab));

        var updates = await client.GetStreamingResponseAsync("hello", Options(maxTokens: 4)).ToListAsync();

        Assert.Equal(["ab", "ab", "ab", "ab", ""], updates.Select(u => u.Text));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        Assert.Equal(4, updates[^1].Contents.OfType<UsageContent>().Single().Details.OutputTokenCount);
    }

    [Theory]
    [InlineData("ba", "a")] // the stop sequence spans two tokens
    [InlineData("abab", "")] // at the very start
    [InlineData("bx", "abababababababababab")] // a prefix is held back, then released when it is not the stop sequence
    public async Task A_stop_sequence_ends_the_answer_before_it_and_a_stream_never_shows_part_of_it(string stop, string expected)
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab));

        var response = await client.GetResponseAsync("hello", Options(10, stop));
        var streamed = string.Concat((await client.GetStreamingResponseAsync("hello", Options(10, stop)).ToListAsync()).Select(u => u.Text));

        Assert.Equal(expected, response.Text);
        Assert.Equal(expected, streamed);
        Assert.Equal(expected.Length == 20 ? ChatFinishReason.Length : ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task The_end_of_generation_token_finishes_with_stop_and_no_text()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.EndsAtOnce));

        var response = await client.GetResponseAsync("hello", Greedy);

        Assert.Equal("", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(0, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Without_a_token_limit_generation_stops_when_the_context_is_full()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab, "context_size=64"));

        var response = await client.GetResponseAsync("hello", Greedy);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(64, response.Usage!.InputTokenCount + response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_an_error_naming_the_file_and_the_option()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab, "context_size=32"));

        var e = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync(new string('x', 200), Greedy));

        Assert.Contains(models.Ab, e.Message, StringComparison.Ordinal);
        Assert.Contains("context_size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_generation_between_tokens()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Random, "context_size=256"));
        using var cts = new CancellationTokenSource();
        var received = 0;
        var watch = new Stopwatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hello", Greedy, cts.Token))
            {
                if (++received == 2)
                {
                    watch.Start();
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(2, received); // nothing after the cancellation
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");

        // The client is still usable afterwards.
        var after = await client.GetResponseAsync("hello", Options(maxTokens: 2));
        Assert.Equal(2, after.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_throws_at_once()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab));

        var cancelled = new CancellationToken(canceled: true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hello", Greedy, cancelled));
    }

    [Fact]
    public async Task A_file_without_a_chat_template_falls_back_to_chatml_and_says_so()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.NoTemplate, "context_size=128"));

        var response = await client.GetResponseAsync("hello", Options(maxTokens: 3));

        Assert.Equal("chatml (fallback: the file has no tokenizer.chat_template)", client.ChatTemplate);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_disposed_client_refuses_new_calls()
    {
        var client = LlamaProvider.Create(TinyModels.Spec(models.Ab));
        client.Dispose();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync("hello", Greedy));
    }

    [Fact]
    public void Metadata_names_the_provider_and_the_file()
    {
        using var client = LlamaProvider.Create(TinyModels.Spec(models.Ab));

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("llama", metadata?.ProviderName);
        Assert.Equal("ab.gguf", metadata?.DefaultModelId);
        Assert.Same(client, client.GetService<LlamaChatClient>());
    }
}
