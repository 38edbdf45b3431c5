using System.Net;
using System.Text.Json;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using CsCheck;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// Issue 13, findings 11 and 12: random JSON values (huge and fractional numbers, wrong types, unpaired surrogate
/// escapes such as <c>"\ud800"</c>, nested arrays and objects) in every field the chat and moderation readers know
/// never make them fail with anything but a <see cref="RequestBodyException"/> naming a field, so never a 500.
/// </summary>
public sealed class RequestReaderPropertyTests
{
    private static readonly string[] ChatFields =
    [
        "model", "messages", "n", "temperature", "top_p", "max_tokens", "max_completion_tokens", "seed", "stop", "stream",
        "stream_options", "user", "presence_penalty", "frequency_penalty", "tools", "tool_choice", "parallel_tool_calls",
    ];

    private static readonly Gen<string> Scalar = Gen.OneOf<string>(
        Gen.OneOf(
            "0", "1", "-1", "1.5", "1e308", "-1e308", "1e-400", "2147483648", "-2147483649", "9223372036854775808", "1e10", "2", "-2", "4",
            "0.0", "100000000000000000000000000000000000000000", "true", "false", "null",
            "\"\"", "\"yes\"", "\"auto\"", "\"user\"", "\"text\"", "\"function\"",
            "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud83d\\ude00\"", "\"\\u0000\""),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 8].Select(s => "\"" + s + "\""));

    private static readonly Gen<string> Value = Nested(3);

    /// <summary>A message in a random shape, with a random role, content and tool fields.</summary>
    private static readonly Gen<string> Message = Gen.Select(
        Gen.OneOf<string>(Gen.OneOf("\"user\"", "\"assistant\"", "\"tool\"", "\"system\"", "\"developer\"", "\"robot\""), Scalar),
        Value,
        Gen.Bool,
        Value,
        (role, content, withTools, extra) => withTools
            ? $$"""{"role":{{role}},"content":{{content}},"tool_calls":{{extra}},"tool_call_id":{{extra}}}"""
            : $$"""{"role":{{role}},"content":{{content}}}""");

    private static readonly Gen<string> ChatBody = Gen.Select(
        Gen.Int[0, ChatFields.Length - 1].Array[0, 6],
        Value.Array[6],
        Message.Array[1, 3],
        (fields, values, messages) =>
        {
            var parts = new Dictionary<string, string> { ["messages"] = "[" + string.Join(",", messages) + "]" };
            for (var i = 0; i < fields.Length; i++)
            {
                parts[ChatFields[fields[i]]] = ChatFields[fields[i]] == "stream_options" ? $$"""{"include_usage":{{values[i]}}}""" : values[i];
            }

            return "{" + string.Join(",", parts.Select(p => $"\"{p.Key}\":{p.Value}")) + "}";
        });

    private static readonly Gen<string> ModerationBody = Gen.Select(Value, Value, Gen.Bool,
        (input, model, withModel) => withModel ? $$"""{"input":{{input}},"model":{{model}}}""" : $$"""{"input":{{input}}}""");

    [Fact]
    public void Random_values_in_every_chat_field_are_read_or_refused_naming_a_field()
    {
        ChatBody.Sample(body =>
        {
            using var doc = JsonDocument.Parse(body);
            try
            {
                _ = ChatCompletionRequest.Read(doc.RootElement);
            }
            catch (RequestBodyException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Param), $"{body}: {ex.Message}");
                Assert.Contains(ChatFields, f => ex.Param!.StartsWith(f, StringComparison.Ordinal));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Random_values_in_the_moderation_fields_are_read_or_refused_naming_a_field()
    {
        ModerationBody.Sample(body =>
        {
            using var doc = JsonDocument.Parse(body);
            try
            {
                _ = ModerationsEndpoint.ReadInputs(doc.RootElement);
            }
            catch (RequestBodyException ex)
            {
                Assert.True(
                    ex.Param is not null && (ex.Param.StartsWith("input", StringComparison.Ordinal) || ex.Param.StartsWith("model", StringComparison.Ordinal)),
                    $"{body}: {ex.Param}");
            }
        }, iter: 5_000);
    }

    [Fact]
    public async Task Random_chat_and_moderation_bodies_over_http_are_never_a_500_with_a_scripted_upstream()
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("Fine."), TestPolicies.Basic);
        using var http = scripted.Gateway.CreateClient();
        var requests = Gen.OneOf<(string Path, string Body)>(
            ChatBody.Select(b => (Path: "v1/chat/completions", Body: b)),
            ModerationBody.Select(b => (Path: "v1/moderations", Body: b)));
        await requests.SampleAsync(async request =>
        {
            using var response = await http.PostAsync(request.Path, RequestValidationTests.Json(request.Body));
            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{request.Path} {request.Body}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var param = (await RequestValidationTests.ErrorAsync(response)).GetProperty("param").GetString();
                Assert.False(string.IsNullOrEmpty(param), request.Body);
            }
        }, iter: 60, threads: 1);
    }

    private static Gen<string> Nested(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Nested(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(
                Gen.OneOf("type", "text", "function", "name", "\\ud800", "include_usage", "arguments", "parameters").Array[0, 3],
                Nested(depth - 1).Array[3],
                (names, values) => "{" + string.Join(",", names.Distinct().Select((n, i) => $"\"{n}\":{values[i]}")) + "}")));
}
