using System.Net;
using System.Net.Sockets;
using AlignLab.Evaluation.Capability;
using AlignLab.Evaluation.Capability.Sandbox;

namespace AlignLab.Tests.Evaluation.Capability.Sandbox;

/// <summary>
/// The HumanEval sandbox really isolates: programs cannot write outside their temp dir, cannot reach the network
/// (not even a port listening on loopback) and are killed, with everything they started, at the timeout.
/// </summary>
public sealed class PythonSandboxTests
{
    private static async Task<PythonSandbox> Sandbox(TimeSpan? timeout = null)
    {
        var (sandbox, unavailable) = await PythonSandbox.CreateAsync(new PythonSandboxOptions { Timeout = timeout ?? TimeSpan.FromSeconds(20) });
        return sandbox ?? throw new InvalidOperationException(unavailable);
    }

    private static readonly CapabilityItem Add = new("t/add", CapabilityTasks.HumanEval, "def add(a: int, b: int) -> int:\n    \"\"\"Return a + b.\"\"\"\n")
    {
        EntryPoint = "add",
        Test = "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-1, 1) == 0\n",
    };

    [SandboxFact]
    public async Task A_correct_completion_passes_and_a_wrong_one_fails()
    {
        var sandbox = await Sandbox();

        var right = await sandbox.RunAsync(CodeCompletion.BuildProgram(Add, CodeCompletion.ExtractCode("Here you go:\n```python\ndef add(a, b):\n    return a + b\n```")));
        var body = await sandbox.RunAsync(CodeCompletion.BuildProgram(Add, "    return b + a\n"));
        var wrong = await sandbox.RunAsync(CodeCompletion.BuildProgram(Add, CodeCompletion.ExtractCode("```python\ndef add(a, b):\n    return a - b\n```")));

        Assert.True(right.Passed, right.Stderr);
        Assert.True(body.Passed, body.Stderr);
        Assert.False(wrong.Passed);
        Assert.Contains("AssertionError", wrong.Stderr, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Cannot_write_outside_its_temp_dir()
    {
        var sandbox = await Sandbox();
        using var dir = new TempDir();
        var marker = Guid.NewGuid().ToString("N");
        var targets = new[] { $"/tmp/outside-file-{marker}", dir.File("outside-file"), $"/var/tmp/outside-{marker}", $"/dev/shm/outside-{marker}", Path.Combine(RepoPaths.Root, $"outside-{marker}") };
        var program = $$"""
            import os
            open("inside.txt", "w").write("ok")
            print("inside", open("inside.txt").read())
            for target in {{"[" + string.Join(", ", targets.Select(t => "\"" + t + "\"")) + "]"}}:
                try:
                    with open(target, "w") as f:
                        f.write("escaped")
                    print("WROTE", target)
                except OSError as e:
                    print("blocked", target, e.errno)
            try:
                os.remove("{{dir.File("keep.txt")}}")
                print("REMOVED")
            except OSError as e:
                print("blocked remove", e.errno)
            """;
        await File.WriteAllTextAsync(dir.File("keep.txt"), "keep");

        var run = await sandbox.RunAsync(program);

        Assert.True(run.Passed, run.Stderr);
        Assert.Contains("inside ok", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("WROTE", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("REMOVED", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(targets.Length, run.Stdout.Split("blocked /").Length - 1);
        Assert.All(targets, t => Assert.False(File.Exists(t), t));
        Assert.True(File.Exists(dir.File("keep.txt")));
    }

    [SandboxFact]
    public async Task Cannot_reach_the_network_not_even_a_port_listening_on_loopback()
    {
        var sandbox = await Sandbox();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var program = $$"""
            import socket
            for host in ["127.0.0.1", "1.1.1.1"]:
                try:
                    s = socket.create_connection((host, {{port}}), timeout=3)
                    print("CONNECTED", host)
                except OSError as e:
                    print("refused", host, e.errno)
            """;

        var run = await sandbox.RunAsync(program);

        Assert.True(run.Passed, run.Stderr);
        Assert.DoesNotContain("CONNECTED", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("refused 127.0.0.1", run.Stdout, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a connection reached the listener");

        // The same connection from outside the sandbox works, so the listener was reachable.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        Assert.True(listener.Pending() || client.Connected);
    }

    [SandboxFact]
    public async Task A_run_limit_shorter_than_the_interpreters_start_does_not_fail_the_self_test()
    {
        // Seen on a loaded machine: with a 2 s run limit the self-test (python3 through a pyenv shim) timed out and the
        // sandbox said it was unavailable. The self-test now has its own limit; programs still get the short one.
        var options = new PythonSandboxOptions { Timeout = TimeSpan.FromMilliseconds(1) };
        var (sandbox, unavailable) = await PythonSandbox.CreateAsync(options);
        Assert.True(sandbox is not null, unavailable);

        var run = await sandbox.RunAsync("print(1)\n");
        Assert.True(run.TimedOut);
        Assert.False(run.Passed);
    }

    [SandboxFact]
    public async Task Is_killed_at_the_timeout_with_everything_it_started()
    {
        var sandbox = await Sandbox(TimeSpan.FromSeconds(2));
        var seconds = 900_000 + Random.Shared.Next(99_999);
        var program = $$"""
            import subprocess
            subprocess.Popen(["/bin/sleep", "{{seconds}}"], start_new_session=True)
            while True:
                pass
            """;

        var run = await sandbox.RunAsync(program);

        Assert.True(run.TimedOut);
        Assert.False(run.Passed);
        Assert.InRange(run.ElapsedMs, 1500, 8000);
        await Task.Delay(300);
        var survivors = Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Count(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });
        Assert.Equal(0, survivors);
    }

    [SandboxFact(NeedsSharedData = true)]
    public async Task The_canonical_solutions_of_the_bundled_humaneval_items_pass_and_an_empty_body_fails()
    {
        var sandbox = await Sandbox();
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(RepoPaths.SharedData, "humaneval", "HumanEval.jsonl.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadLineAsync() is { } line)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            canonical[doc.RootElement.GetProperty("task_id").GetString()!] = doc.RootElement.GetProperty("canonical_solution").GetString()!;
        }

        var items = CapabilitySuites.Bundled(CapabilityTasks.HumanEval);
        var failures = new List<string>();
        foreach (var item in items)
        {
            var run = await sandbox.RunAsync(CodeCompletion.BuildProgram(item, canonical[item.Id]));
            if (!run.Passed)
            {
                failures.Add($"{item.Id}: {run.Stderr}");
            }
        }

        Assert.Empty(failures);
        Assert.False((await sandbox.RunAsync(CodeCompletion.BuildProgram(items[0], "    pass\n"))).Passed);
    }

    [Fact]
    public async Task A_missing_interpreter_is_reported_not_thrown()
    {
        var (sandbox, unavailable) = await PythonSandbox.CreateAsync(new PythonSandboxOptions { PythonPath = "/nonexistent/python3" });

        Assert.Null(sandbox);
        Assert.NotNull(unavailable);
        Assert.True(unavailable.Contains("python3", StringComparison.Ordinal) || unavailable.Contains("needs", StringComparison.Ordinal), unavailable);
    }

    [Fact]
    public void Bad_options_are_refused_with_every_problem()
    {
        var errors = new PythonSandboxOptions { Timeout = TimeSpan.Zero, MemoryBytes = 1, MaxProcesses = 0 }.Validate();
        Assert.Equal(3, errors.Count);
    }
}
