using System.Net;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// The bodies of <c>GET /api/reports</c>, <c>GET /api/reports/compare</c> and an OpenAI-style error pinned byte for byte
/// (issue 16: the move to source-generated JSON keeps the API responses the dashboard and clients read unchanged).
/// </summary>
public sealed class ReportApiGoldenTests
{
    [Fact]
    public async Task Report_list_compare_and_error_bodies_are_byte_for_byte_the_pinned_format()
    {
        using var reports = new TempDir();
        DashboardFixtures.WriteRun(reports.Path, "run-1", DashboardFixtures.Summary("r1 <é>", DateTimeOffset.UnixEpoch, 10));
        DashboardFixtures.WriteRun(reports.Path, "run-2", DashboardFixtures.Summary("r2", new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(1)), 17) with
        {
            Model = null,
            Gates = [new("safety", "under", 0.9, 0.85, false), new("fpr", "over", 0.1, 0.05, true)],
        });
        Directory.CreateDirectory(Path.Combine(reports.Path, "run-3"));
        await using var gateway = await RunningGateway.StartAsync(o => o.ReportsDirectory = reports.Path);
        using var http = gateway.CreateClient();

        using var list = await http.GetAsync("api/reports");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("application/json", list.Content.Headers.ContentType!.MediaType);
        GoldenFile.AssertMatches("tests/AlignLab.Server.Tests/Golden/reports.json", await list.Content.ReadAsStringAsync());

        using var compare = await http.GetAsync("api/reports/compare?a=run-1&b=run-2");
        Assert.Equal(HttpStatusCode.OK, compare.StatusCode);
        GoldenFile.AssertMatches("tests/AlignLab.Server.Tests/Golden/reports_compare.json", await compare.Content.ReadAsStringAsync());

        using var bad = await http.GetAsync("api/reports/compare?a=run-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        GoldenFile.AssertMatches("tests/AlignLab.Server.Tests/Golden/error_bad_request.json", await bad.Content.ReadAsStringAsync());

        using var missing = await http.GetAsync("api/reports/compare?a=run-1&b=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        GoldenFile.AssertMatches("tests/AlignLab.Server.Tests/Golden/error_not_found.json", await missing.Content.ReadAsStringAsync());
    }
}
