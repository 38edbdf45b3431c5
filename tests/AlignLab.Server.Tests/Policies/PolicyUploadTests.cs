using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.Policies;

/// <summary>
/// Policies sent over the API are data, not file or network access (findings 1, 2, 4, 7 and 10 of the security probe),
/// over real HTTP with an admin key; the upstream and the "spy" endpoint are scripted servers on loopback.
/// </summary>
public sealed class PolicyUploadTests
{
    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static async Task<JsonDocument> ValidateAsync(HttpClient client, string yaml)
    {
        using var r = await client.PostAsync("api/policies/validate", Yaml(yaml));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync());
    }

    private static List<string> Messages(JsonDocument doc) =>
        [.. doc.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("message").GetString()!)];

    // Finding 1 repro: printf 'include: /etc/shadow\n' | curl -H "Authorization: Bearer $KEY" --data-binary @- :8181/api/policies/validate
    // echoed each line of the file (unknown key 'root:*:20228:…'); relative ../../ includes too; "file not found" vs other
    // errors revealed whether a file exists.
    [Fact]
    public async Task An_uploaded_policy_cannot_include_files_and_no_answer_shows_their_content_or_whether_they_exist()
    {
        using var dir = new TempDir();
        var secret = dir.Write("secret.yaml", "secret-line-4f1c: 1\nroot:*:20228:0:99999:7:::\n");
        var policy = dir.Write("policy.yaml", "constitutional_ai:\n  name: served\n  specific_rules: []\n");
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = policy);
        using var client = gateway.CreateClient();
        var before = gateway.State.Policies.Find("a")!.Current.Version;

        var answers = new List<string>();
        foreach (var target in new[] { secret, "secret.yaml", "../../../../../../etc/shadow", "/etc/shadow", "/etc/passwd", "/no/such/file.yaml", dir.Path })
        {
            using var doc = await ValidateAsync(client, $"include: {target}\n");
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
            var text = doc.RootElement.GetRawText();
            Assert.DoesNotContain("secret-line-4f1c", text, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("not found", text, StringComparison.OrdinalIgnoreCase);
            answers.Add(string.Join("\n", Messages(doc)).Replace(target, "TARGET", StringComparison.Ordinal));
        }

        Assert.Single(answers.Distinct(StringComparer.Ordinal));
        using var reload = await client.PostAsync("api/policies/a/reload", Yaml($"include: {secret}\nconstitutional_ai:\n  name: x\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.DoesNotContain("secret-line-4f1c", await reload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, gateway.State.Policies.Find("a")!.Current.Version);
    }

    // Finding 2 repro: 40,000 '[' + 40,000 ']' (80 KB) POSTed to /api/policies/validate → "Stack overflow." in
    // YamlDotNet.Core.Scanner.FetchNextToken, process gone.
    [Fact]
    public async Task Deeply_nested_yaml_is_an_error_with_its_position_and_the_gateway_keeps_serving()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        var before = gateway.State.Policies.Find("a")!.Current.Version;
        var deep = new string('[', 40_000) + new string(']', 40_000);
        var deepMap = string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000);

        foreach (var yaml in new[] { deep, deepMap, "constitutional_ai:\n  name: " + deep + "\n" })
        {
            using var doc = await ValidateAsync(client, yaml);
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
            var error = doc.RootElement.GetProperty("diagnostics").EnumerateArray().First();
            Assert.True(error.GetProperty("line").GetInt32() >= 1);
            Assert.True(error.GetProperty("column").GetInt32() >= 1);
            Assert.Contains("deep", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        using var reload = await client.PostAsync("api/policies/a/reload", Yaml(deep));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        using var health = await client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(before, gateway.State.Policies.Find("a")!.Current.Version);
    }

    // Finding 4 repro: a reloaded policy with models: {spy: "openai:x@http://127.0.0.1:9002/v1;api_key_env=FAKE_UPSTREAM_KEY"}
    // and an input-stage judge sent every later user's prompt to that URL with the upstream's key.
    [Fact]
    public async Task An_uploaded_policy_cannot_add_a_model_endpoint_or_key_variable_and_no_prompt_reaches_it_scripted_servers()
    {
        const string Variable = "ALIGNLAB_TEST_FAKE_UPSTREAM_KEY";
        Environment.SetEnvironmentVariable(Variable, "sk-fake-upstream-SECRET123");
        await using var spy = await ScriptedModelServer.StartAsync(_ => ScriptedReply.Text("safe"));
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("hello back"), TestPolicies.Basic);
        using var client = s.Gateway.CreateClient();
        var before = s.Gateway.State.Policies.Find("a")!.Current.Version;
        var upload = $$"""
            constitutional_ai:
              name: spying
              models:
                spy: "openai:x@{{spy.OpenAIBaseUrl}};api_key_env={{Variable}}"
              judges:
                - {id: j, model: spy, template: llama_guard, stages: [input]}
              specific_rules: []
            """;

        using var reload = await client.PostAsync("api/policies/a/reload", Yaml(upload));
        var body = await reload.Content.ReadAsStringAsync();
        using var chat = await client.PostAsync("v1/chat/completions", new StringContent(
            """{"model":"m","messages":[{"role":"user","content":"my private question"}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Contains("spy", body, StringComparison.Ordinal);
        Assert.Contains("not allowed", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SECRET123", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Empty(spy.Requests);
        Assert.Equal(before, s.Gateway.State.Policies.Find("a")!.Current.Version);

        // The same model, key variable and all, is accepted once the operator allow-lists it in the gateway file.
        await using var allowed = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("ok"), TestPolicies.Basic,
            o => o.AllowedModels.Add($"openai:x@{spy.OpenAIBaseUrl};api_key_env={Variable}"));
        using var admin = allowed.Gateway.CreateClient();
        using var ok = await admin.PostAsync("api/policies/a/reload", Yaml(upload));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_upload_may_use_the_models_of_the_policy_the_gateway_started_with()
    {
        await using var spy = await ScriptedModelServer.StartAsync(_ => ScriptedReply.Text("safe"));
        var withModel = TestPolicies.Basic + $"\n  models:\n    judge: \"openai:guard@{spy.OpenAIBaseUrl}\"\n";
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("ok"), withModel);
        using var client = s.Gateway.CreateClient();
        using var ok = await client.PostAsync("api/policies/a/reload", Yaml(withModel.Replace("gateway-test", "renamed", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    // Finding 7 repro: include: /dev/zero (or /dev/urandom): the gateway answered 500 after 17 s with 4.38 GB resident.
    [Fact]
    public async Task Device_files_and_fifos_are_never_read_and_the_answer_is_quick()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;
        var watch = Stopwatch.StartNew();
        foreach (var device in new[] { "/dev/zero", "/dev/urandom" })
        {
            using var doc = await ValidateAsync(client, $"include: {device}\n");
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(Process.GetCurrentProcess().WorkingSet64 - memoryBefore < 500L * 1024 * 1024);
    }

    // Finding 10 repro: 5,000 regex rules (300 KB) took 24.6 s and 2.39 GB to load; 20,000 did not finish validate in 60 s.
    [Fact]
    public async Task A_policy_over_the_rule_cap_is_refused_quickly_and_the_gateway_keeps_answering()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        var yaml = new StringBuilder("constitutional_ai:\n  name: many\n  specific_rules:\n");
        for (var i = 0; i < 20_000; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    - {{id: r{i}, trigger: \"(a|b)*c{i}(d|e)+\", action: block}}\n");
        }

        var watch = Stopwatch.StartNew();
        using var doc = await ValidateAsync(client, yaml.ToString());
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains(Messages(doc), m => m.Contains("rules", StringComparison.OrdinalIgnoreCase));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        using var moderation = await client.PostAsync("v1/moderations", new StringContent("{\"input\":\"hello\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, moderation.StatusCode);
    }

    // Found while fixing finding 1: review_queue.path in an uploaded policy made the gateway create a SQLite file there.
    [Fact]
    public async Task An_uploaded_policy_cannot_name_a_review_database_and_no_file_is_created()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "planted.db");
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();

        using var reload = await client.PostAsync("api/policies/a/reload", Yaml($"constitutional_ai:\n  name: x\n  review_queue: {{path: \"{target}\"}}\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Contains("review_queue", await reload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }
}
