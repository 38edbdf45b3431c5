using System.Net;
using System.Text;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Audit;

/// <summary>A request refused for its body at an audited endpoint still leaves exactly one audit record (issue 13, audit completeness).</summary>
public sealed class RejectedRequestAuditTests
{
    [Fact]
    public async Task A_400_for_a_bad_chat_or_moderation_body_leaves_one_record_naming_the_field_but_not_the_text()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();

        using var chat = await client.PostAsync("v1/chat/completions", new StringContent(
            """{"stream":"yes","messages":[{"role":"user","content":"private words 7d1e"}]}""", Encoding.UTF8, "application/json"));
        using var moderation = await client.PostAsync("v1/moderations", new StringContent("""{"model":5,"input":"private words 7d1e"}""", Encoding.UTF8, "application/json"));
        using var notAudited = await client.PostAsync("api/preferences", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, chat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, moderation.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAudited.StatusCode);
        var records = await gateway.State.Audit.RecentAsync(10, CancellationToken.None);
        Assert.Equal(2, records.Count);
        var chatRecord = Assert.Single(records, r => r.Endpoint == "chat.completions");
        Assert.Equal(400, chatRecord.Status);
        Assert.Equal("invalid_request", chatRecord.Action);
        Assert.Contains("\"param\":\"stream\"", chatRecord.Trace, StringComparison.Ordinal);
        Assert.Equal(chatRecord.Id, string.Join("", chat.Headers.GetValues("x-alignlab-audit-id")));
        Assert.Single(records, r => r.Endpoint == "moderations" && r.Status == 400);
        Assert.All(records, r => Assert.DoesNotContain("7d1e", r.Trace, StringComparison.Ordinal));
    }
}
