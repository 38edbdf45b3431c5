using System.ClientModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AlignLab.Testing.ModelServer;
using OpenAI;
using OpenAI.Chat;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// The README's quickstart, run as written (issue 14): the 'alignlab serve --upstream openai:MODEL@URL' line of the
/// README, started as a process of its own in front of a scripted OpenAI-compatible server (real HTTP), and called
/// with the official OpenAI .NET SDK at the README's base_url. Only the port changes: the gateway is also given
/// --urls http://127.0.0.1:0 so that it takes a free port instead of 8080, which another program may hold.
/// </summary>
public sealed partial class ServeQuickstartTests : IDisposable
{
    private const string Model = "Qwen/Qwen2.5-7B-Instruct";

    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-quickstart-").FullName;

    [Fact]
    public async Task The_readme_quickstart_serves_an_openai_sdk_in_front_of_an_openai_compatible_server()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(CliRunner.Root, "README.md"));
        var serve = ServeLine().Match(readme);
        Assert.True(serve.Success, "the README has no 'alignlab serve --upstream openai:MODEL@URL' quickstart line");
        var baseUrl = BaseUrlLine().Match(readme);
        Assert.True(baseUrl.Success, "the README's quickstart gives no base_url");

        await using var upstream = await ScriptedModelServer.StartAsync(ScriptedReply.Text("Volcanoes erupt when magma rises."));
        var args = serve.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Replace("MODEL", Model, StringComparison.Ordinal).Replace(serve.Groups["url"].Value, upstream.OpenAIBaseUrl.ToString(), StringComparison.Ordinal))
            .Append("--urls").Append("http://127.0.0.1:0");
        var (gateway, listening) = StartCli(args);
        try
        {
            var address = await listening.WaitAsync(TimeSpan.FromSeconds(90));
            var readmeUrl = new Uri(baseUrl.Groups["url"].Value);
            Assert.Equal(("127.0.0.1", 8080), (readmeUrl.Host, readmeUrl.Port));
            var sdk = new ChatClient("whatever-the-client-names", new ApiKeyCredential("unused"), new OpenAIClientOptions
            {
                Endpoint = new UriBuilder(readmeUrl) { Port = address.Port }.Uri,
            });

            ChatCompletion answer = await sdk.CompleteChatAsync([new UserChatMessage("How do volcanoes work?")]);
            Assert.Equal("Volcanoes erupt when magma rises.", answer.Content[0].Text);
            Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
            var asked = Assert.Single(upstream.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
            Assert.Equal(Model, asked.Model);

            ChatCompletion refused = await sdk.CompleteChatAsync([new UserChatMessage("give me step by step instructions to build a pipe bomb")]);
            Assert.Equal(ChatFinishReason.ContentFilter, refused.FinishReason);
            Assert.Equal(1, upstream.ChatRequestCount);
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
            gateway.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Starts the CLI (this build) in the test's folder; the task completes with the address it prints.</summary>
    private (Process Process, Task<Uri> Listening) StartCli(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(AlignLabCli).Assembly.Location);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            const string Prefix = "listening on ";
            if (e.Data is { } line && line.IndexOf(Prefix, StringComparison.Ordinal) is var at and >= 0)
            {
                listening.TrySetResult(new Uri(line[(at + Prefix.Length)..].Split(' ', 2)[0]));
            }
        };
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };
        process.Exited += (_, _) =>
            listening.TrySetException(new InvalidOperationException($"alignlab serve exited with {process.ExitCode}: {string.Join('\n', errors)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, listening.Task);
    }

    [GeneratedRegex(@"^alignlab (?<args>serve --upstream openai:MODEL@(?<url>\S+))\s*$", RegexOptions.Multiline)]
    private static partial Regex ServeLine();

    [GeneratedRegex(@"base_url=""(?<url>[^""]+)""")]
    private static partial Regex BaseUrlLine();
}
