namespace AlignLab.Server.Dashboard;

/// <summary>The body of <c>GET /api/reports</c>: whether a reports directory is set, and its runs.</summary>
internal sealed record ReportListResponse(bool Configured, IReadOnlyList<ReportRunEntry> Runs);
