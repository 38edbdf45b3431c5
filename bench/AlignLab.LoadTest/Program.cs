// Load test of the gateway on loopback: guarded moderation requests (rules + classifier + audit commit) against a
// no-op baseline (/healthz) in the same run. Bounded by count and time; talks only to 127.0.0.1.
//
//   dotnet run -c Release --project bench/AlignLab.LoadTest -- [--requests N] [--seconds S] [--concurrency C] [--rate R]
//       [--connections K] [--warmup W] [--warmup-seconds S] [--open-only] [--allocations] [--no-request-log] [--inline-scheduling]
//       [--url URL --key KEY [--server-pid PID]]
//   dotnet run -c Release --project bench/AlignLab.LoadTest -- --serve [--port P] [--key KEY] [--no-request-log] [--inline-scheduling]
//
// First W moderation requests (default 1,000,000), for at most S seconds (default 60), warm the gateway up until tiered
// compilation has reached steady state: on one core shared with the requests it does not within 20,000 requests (the
// old default): hot methods were still in the instrumented tier, and the gateway needed 612-632 µs per moderation at
// 1,500/s after 10,000 and 433 µs after 60 s (docs/PERFORMANCE.md, "Warm-up"). Closed loop (C workers with HttpClient,
// each sends, waits, repeats): /healthz, then moderation. Open loop at R
// requests/s (default 2000) with a light generator (K kept-alive connections on threads of their own, no task or
// timer per request; OpenLoopGenerator): /healthz, then moderation. Open-loop latency counts from each request's due
// time; the generator also reports how late it sent (its own delay) and its CPU time, and with --server-pid the
// server's CPU time, so the /healthz row is the floor that the generator and loopback set in the same run.
//
// Without --url it starts the gateway in this process on a free loopback port with a temporary SQLite audit log.
// --serve starts only that gateway (to pin it to other cores than the generator: bench/AlignLab.LoadTest/run-pinned.sh)
// and runs until SIGTERM or Ctrl+C.
//
// The gateway logs as `alignlab serve` does: warnings, errors and its one line per request (GatewayOptions.RequestLog, on by
// default), through the simple console logger, here on standard error so that the results stay on standard output
// (redirect it: 2>/dev/null, or 2>FILE; run-pinned.sh keeps it in a file and counts the lines). --no-request-log turns the
// request log off, as `serve --no-request-log` does, so both can be measured.
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using AlignLab.LoadTest;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var requests = Arg("--requests", 20_000);
var seconds = Arg("--seconds", 20);
var concurrency = Arg("--concurrency", 4);
var rate = Arg("--rate", 2000);
var connections = Arg("--connections", 16);
var url = ArgText("--url");
var key = ArgText("--key") ?? "load-test-key";
int? serverPid = ArgText("--server-pid") is { } pidText ? int.Parse(pidText, CultureInfo.InvariantCulture) : null;
var openOnly = args.Contains("--open-only");
var warmup = Arg("--warmup", 1_000_000);
var warmupSeconds = Arg("--warmup-seconds", 60);
var requestLog = !args.Contains("--no-request-log");
// --inline-scheduling: Kestrel's socket transport runs each request's parsing and handler on the thread that took the socket
// completion (UnsafePreferInlineScheduling) instead of as thread-pool items of their own; not the gateway's setting, measured
// to decide whether it should be (docs/PERFORMANCE.md).
var inlineScheduling = args.Contains("--inline-scheduling");
// The request log's category, which `alignlab serve` shows at Information.
const string RequestLogCategory = "AlignLab.Server.RequestLog";
// --allocations (in-process only): rank the types the gateway allocates during the open-loop moderation phase.
using var allocations = args.Contains("--allocations") ? new AllocationSampler() : null;

WebApplication? app = null;
var tempDir = Path.Combine(Path.GetTempPath(), "alignlab-load-" + Guid.NewGuid().ToString("N"));
if (url is null)
{
    app = await StartGatewayAsync(Arg("--port", 0));
    url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}

if (args.Contains("--serve"))
{
    Console.WriteLine($"serving {url} (pid {Environment.ProcessId}, {Environment.ProcessorCount} cores visible)");
    var stop = new TaskCompletionSource();
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
    await stop.Task;
    using (var self = System.Diagnostics.Process.GetCurrentProcess())
    {
        var commits = app!.Services.GetRequiredService<GatewayState>().Audit is AlignLab.Server.Audit.GroupCommitAuditLog log ? log.Commits : -1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server CPU time {self.TotalProcessorTime.TotalSeconds:0.00} s, {commits:N0} audit commits, {GC.CollectionCount(0):N0} gen0 / {GC.CollectionCount(2):N0} gen2 collections"));
    }

    await StopGatewayAsync();
    return 0;
}

var target = new Uri(url.TrimEnd('/') + "/");
using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

// One prompt per line, shared with wrk-moderations.lua so both generators send the same texts.
var prompts = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "moderation-prompts.txt")).Where(l => l.Length > 0).ToArray();

// The request number makes every text unique, so no cache anywhere can answer it.
string ModerationBody(int i) => "{\"input\":\"" + prompts[i % prompts.Length] + " (" + i.ToString(CultureInfo.InvariantCulture) + ")\"}";
HttpRequestMessage Moderation(int i) => new(HttpMethod.Post, "v1/moderations") { Content = new StringContent(ModerationBody(i), Encoding.UTF8, "application/json") };
HttpRequestMessage Health(int i) => new(HttpMethod.Get, "healthz");

Console.WriteLine($"target {url}, {Environment.ProcessorCount} cores visible to the generator, at most {requests:N0} requests or {seconds} s per phase" +
    (app is null ? "" : requestLog ? ", request log on (standard error)" : ", request log off"));
await LoadGenerator.RunAsync("warm-up", http, Moderation, concurrency, warmup, TimeSpan.FromSeconds(warmupSeconds), CancellationToken.None);
var closed = new List<LoadResult>();
if (!openOnly)
{
    closed.Add(await LoadGenerator.RunAsync($"GET /healthz, closed loop, {concurrency} clients", http, Health, concurrency, requests, TimeSpan.FromSeconds(seconds), CancellationToken.None));
    closed.Add(await LoadGenerator.RunAsync($"POST /v1/moderations, closed loop, {concurrency} clients", http, Moderation, concurrency, requests, TimeSpan.FromSeconds(seconds), CancellationToken.None));
}

var endPoint = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
var count = (int)Math.Min(requests, (long)rate * seconds);
var host = target.Host + ":" + target.Port.ToString(CultureInfo.InvariantCulture);
var healthBytes = Enumerable.Range(0, count).Select(_ => RawRequest("GET", "/healthz", null)).ToList();
var moderationBytes = Enumerable.Range(0, count).Select(i => RawRequest("POST", "/v1/moderations", ModerationBody(i))).ToList();
var open = new List<(OpenLoopResult Result, TimeSpan? ServerCpu, long? ServerSwitches, long? Allocated)>();
foreach (var (name, bytes) in new[] { ($"GET /healthz at {rate:N0}/s", healthBytes), ($"POST /v1/moderations at {rate:N0}/s", moderationBytes) })
{
    var before = ServerCpu.Read(serverPid);
    var switchesBefore = ServerCpu.ContextSwitches(serverPid);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    if (allocations is not null)
    {
        allocations.Sampling = ReferenceEquals(bytes, moderationBytes);
    }

    var result = OpenLoopGenerator.Run(name, endPoint, bytes, rate, connections);
    var after = ServerCpu.Read(serverPid);
    var switches = ServerCpu.ContextSwitches(serverPid) - switchesBefore;
    // In this process the generator allocates next to nothing, so the bytes are the gateway's.
    long? allocated = app is null ? null : GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    open.Add((result, after - before, switches, allocated));
}

Console.WriteLine();
if (closed.Count > 0)
{
    Console.WriteLine("| phase | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | req/s ratio |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var r in closed)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Name} | {r.Requests:N0} | {r.Errors} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} | {r.P95Ms:0.00} | {r.P99Ms:0.00} | {r.MaxMs:0.0} | {r.RequestsPerSecond / closed[0].RequestsPerSecond:0.00} |"));
    }

    Console.WriteLine();
}

Console.WriteLine($"open loop, {connections} connections: latency from each request's due time; 'sent late' is the generator's own delay");
Console.WriteLine("| phase | requests | errors | req/s | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms | sent late p99 ms | generator CPU | server CPU |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var (r, cpu, switches, allocated) in open)
{
    var server = cpu is { } c
        ? string.Create(CultureInfo.InvariantCulture,
            $"{c / r.Elapsed:P0} of a core, {c.TotalMicroseconds / r.LatenciesMs.Length:0} µs/req, " +
            $"{(switches ?? 0) / (double)r.LatenciesMs.Length:0.00} switches/req")
        : allocated is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"same process, {bytes / r.LatenciesMs.Length / 1024.0:0.0} KB allocated/req")
            : "not measured (--server-pid)";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.LatenciesMs.Length:N0} | {r.Errors} | {r.RequestsPerSecond:N0} | {r.Latency(0.50):0.00} | {r.Latency(0.95):0.00} | {r.Latency(0.99):0.00} | {r.Latency(0.999):0.00} | {r.Latency(1):0.0} | {r.Lateness(0.99):0.00} | {r.GeneratorCoreShare:P0} of a core, {r.GeneratorMicrosecondsPerRequest:0} µs/req | {server} |"));
}

if (allocations is not null)
{
    allocations.Sampling = false;
    Console.WriteLine();
    Console.WriteLine("allocated during the open-loop moderation phase (sampled), by type:");
    foreach (var (type, share) in allocations.Top(25))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {share,6:P1}  {type}"));
    }
}

await StopGatewayAsync();
return closed.Sum(r => r.Errors) + open.Sum(o => o.Result.Errors) == 0 ? 0 : 1;

byte[] RawRequest(string method, string path, string? json)
{
    var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
    var head = $"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n" +
        (json is null ? "" : $"Content-Type: application/json\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n") + "\r\n";
    return [.. Encoding.ASCII.GetBytes(head), .. body];
}

async Task<WebApplication> StartGatewayAsync(int port)
{
    Directory.CreateDirectory(tempDir);
    var options = new GatewayOptions { AuditDatabasePath = Path.Combine(tempDir, "audit.db"), EnableDashboard = false };
    options.Urls.Clear();
    options.Urls.Add("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
    options.ApiKeys.Add(new ApiKeyEntry("load", ApiKeyHasher.Hash(key), 1_000_000, 1_000_000, ApiScopes.Inference));
    options.RequestLog = requestLog;
    // Logging as `alignlab serve` sets it up (ServeCommand), on standard error.
    var gateway = await GatewayApplication.BuildAsync(options, b =>
    {
        if (inlineScheduling)
        {
            b.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        }

        b.Logging.ClearProviders();
        b.Logging.AddBufferedConsole(o => o.UseStandardError = true);
        b.Logging.SetMinimumLevel(LogLevel.Warning);
        if (requestLog)
        {
            b.Logging.AddFilter(RequestLogCategory, LogLevel.Information);
        }
    });
    await gateway.StartAsync();
    return gateway;
}

async Task StopGatewayAsync()
{
    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(tempDir, recursive: true);
    }
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
