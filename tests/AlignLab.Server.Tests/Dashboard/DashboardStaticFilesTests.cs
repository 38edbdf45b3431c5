using System.Net;
using System.Text.RegularExpressions;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>The pages obey their own CSP: scripts only from files, no inline handlers, nothing from other origins.</summary>
public sealed partial class DashboardStaticFilesTests
{
    public static TheoryData<string> Pages() =>
        ["index.html", "classify.html", "compare.html", "critique.html", "policy.html", "review.html", "preferences.html", "rating.html",
            "reports.html"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_is_served_with_the_strict_csp_and_has_no_inline_script(string page)
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var http = gateway.CreateClient(anonymous: true);
        using var response = await http.GetAsync("ui/" + page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotMatch(ExternalUrl(), html);
        foreach (Match m in ScriptSource().Matches(html))
        {
            using var script = await http.GetAsync(m.Groups[1].Value.TrimStart('/'));
            Assert.True(script.StatusCode == HttpStatusCode.OK, m.Groups[1].Value);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"<script src=""([^""]+)""")]
    private static partial Regex ScriptSource();
}
