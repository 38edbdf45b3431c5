using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// Issue 13, finding 12: <c>{"n":1e308}</c> and <c>"n": 2147483648</c> were a 500 (FormatException from
/// <c>n.GetInt32()</c>), and fields of the wrong type (<c>"stream":"yes"</c>, <c>"user":5</c>, <c>"model":5</c>,
/// <c>"stop":5</c>, <c>"seed":1.5</c>, <c>"max_tokens":1e10</c>) were accepted with a 200. Every field the gateway reads
/// is now checked: a wrong type or an out-of-range value is a 400 in the OpenAI shape naming the field, never a 500.
/// </summary>
public sealed class RequestValidationTests
{
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]";

    [Theory]
    [InlineData("\"n\":1e308", "n")]
    [InlineData("\"n\":2147483648", "n")]
    [InlineData("\"n\":2", "n")]
    [InlineData("\"n\":\"1\"", "n")]
    [InlineData("\"stream\":\"yes\"", "stream")]
    [InlineData("\"user\":5", "user")]
    [InlineData("\"model\":5", "model")]
    [InlineData("\"stop\":5", "stop")]
    [InlineData("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop")]
    [InlineData("\"stop\":[\"a\",5]", "stop")]
    [InlineData("\"seed\":1.5", "seed")]
    [InlineData("\"seed\":9223372036854775808", "seed")]
    [InlineData("\"max_tokens\":1e10", "max_tokens")]
    [InlineData("\"max_tokens\":0", "max_tokens")]
    [InlineData("\"max_tokens\":1048577", "max_tokens")]
    [InlineData("\"max_completion_tokens\":2.5", "max_completion_tokens")]
    [InlineData("\"temperature\":2.5", "temperature")]
    [InlineData("\"temperature\":\"hot\"", "temperature")]
    [InlineData("\"top_p\":1.01", "top_p")]
    [InlineData("\"presence_penalty\":-3", "presence_penalty")]
    [InlineData("\"frequency_penalty\":true", "frequency_penalty")]
    [InlineData("\"stream_options\":5", "stream_options")]
    [InlineData("\"stream_options\":{\"include_usage\":\"yes\"}", "stream_options.include_usage")]
    [InlineData("\"messages\":[{\"role\":5,\"content\":\"x\"}]", "messages[0].role")]
    [InlineData("\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]", "messages[0].content")]
    [InlineData("\"messages\":[{\"role\":\"user\",\"content\":\"ok\",\"\\udc00\":1}]", "messages[0].\\udc00")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"description\":\"\\ud800\"}}}]",
        "tools[0].function.parameters.description")]
    public async Task A_chat_field_of_the_wrong_type_or_range_is_a_400_naming_it_and_never_reaches_the_scripted_upstream(string field, string param)
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("Fine."), TestPolicies.Basic);
        using var http = scripted.Gateway.CreateClient();
        var body = field.StartsWith("\"messages\"", StringComparison.Ordinal) ? "{" + field + "}" : "{" + Messages + "," + field + "}";

        using var response = await http.PostAsync("v1/chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(0, scripted.Upstream.ChatRequestCount);
    }

    [Fact]
    public async Task Arguments_of_an_earlier_tool_call_holding_an_unpaired_surrogate_are_a_400_not_a_500()
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("Fine."), TestPolicies.Basic);
        using var http = scripted.Gateway.CreateClient();
        const string body = """
            {"messages":[{"role":"user","content":"hi"},
              {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"\\ud800\":1}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"done"}]}
            """;

        using var response = await http.PostAsync("v1/chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var param = (await ErrorAsync(response)).GetProperty("param").GetString();
        Assert.StartsWith("messages[1].tool_calls[0].function.arguments", param, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Well_typed_sampling_fields_at_their_bounds_are_accepted_and_the_scripted_upstream_answers()
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("Fine."), TestPolicies.Basic);
        using var http = scripted.Gateway.CreateClient();
        const string body = """
            {"model":"m","messages":[{"role":"user","content":"hello"}],"n":1,"temperature":2,"top_p":0,"max_tokens":1048576,
             "seed":-9223372036854775808,"stop":["a","b","c","d"],"stream":false,"stream_options":null,"user":"u1",
             "presence_penalty":-2,"frequency_penalty":2,"logit_bias":{"50256":-100}}
            """;

        using var response = await http.PostAsync("v1/chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, scripted.Upstream.ChatRequestCount);
    }

    [Theory]
    [InlineData("{\"input\":\"hi\",\"model\":5}", "model")]
    [InlineData("{\"input\":\"\\ud800\"}", "input")]
    [InlineData("{\"input\":[\"ok\",\"\\udfff\"]}", "input[1]")]
    [InlineData("{\"input\":[{\"type\":\"text\",\"text\":\"\\ud800\"}]}", "input[0].text")]
    [InlineData("{\"input\":null}", "input")]
    public async Task A_moderation_field_of_the_wrong_type_or_with_an_unpaired_surrogate_is_a_400_naming_it(string body, string param)
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var http = gateway.CreateClient();

        using var response = await http.PostAsync("v1/moderations", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await ErrorAsync(response)).GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task Api_audit_with_a_limit_that_is_not_an_integer_from_1_to_1000_is_a_400_as_api_review_answers(string limit)
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var http = gateway.CreateClient();

        using var audit = await http.GetAsync($"api/audit?limit={limit}");
        using var review = await http.GetAsync($"api/review?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, audit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, review.StatusCode);
        var error = await ErrorAsync(audit);
        Assert.Equal("limit", error.GetProperty("param").GetString());
        Assert.Equal((await ErrorAsync(review)).GetProperty("message").GetString(), error.GetProperty("message").GetString());
        using var fine = await http.GetAsync("api/audit?limit=1000");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("error").Clone();
    }
}
