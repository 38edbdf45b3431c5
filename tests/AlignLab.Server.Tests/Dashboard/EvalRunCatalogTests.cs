using AlignLab.Server.Dashboard;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>The reports directory is the only place report files are served from: names are strict and links are resolved.</summary>
public sealed class EvalRunCatalogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("run-1", true)]
    [InlineData("2026-11-01_eval.v2", true)]
    [InlineData("..", false)]
    [InlineData(".", false)]
    [InlineData("...", false)]
    [InlineData("../etc", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("run 1", false)]
    [InlineData("run%2f..", false)]
    [InlineData("/etc", false)]
    public void Run_names_are_letters_digits_dots_dashes_and_underscores_only(string? name, bool valid) =>
        Assert.Equal(valid, EvalRunCatalog.IsValidRunName(name));

    [Fact]
    public void Lists_run_directories_with_a_summary_newest_first_and_reports_an_unreadable_one()
    {
        using var root = new TempDir();
        DashboardFixtures.WriteRun(root.Path, "old", DashboardFixtures.Summary("old-1", Start, 10));
        DashboardFixtures.WriteRun(root.Path, "new", DashboardFixtures.Summary("new-1", Start.AddDays(1), 12));
        Directory.CreateDirectory(Path.Combine(root.Path, "not-a-run"));
        Directory.CreateDirectory(Path.Combine(root.Path, "broken"));
        File.WriteAllText(Path.Combine(root.Path, "broken", "summary.json"), "{ not json");

        var runs = new EvalRunCatalog(root.Path).List();

        Assert.Equal(["new", "old", "broken"], runs.Select(r => r.Name));
        Assert.True(runs[0].HasReport);
        Assert.Equal("new-1", runs[0].Summary!.RunId);
        Assert.Null(runs[2].Summary);
        Assert.StartsWith("summary.json could not be read", runs[2].Error, StringComparison.Ordinal);
        Assert.DoesNotContain(root.Path, runs[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolves_only_files_inside_a_run_directory_under_the_root()
    {
        using var root = new TempDir();
        var run = DashboardFixtures.WriteRun(root.Path, "run-1", DashboardFixtures.Summary("r1", Start, 10));
        var catalog = new EvalRunCatalog(root.Path);

        Assert.Equal(Path.Combine(run, "report.html"), catalog.ResolveFile("run-1", "report.html"));
        Assert.Null(catalog.ResolveFile("..", "report.html"));
        Assert.Null(catalog.ResolveFile("run-1", "../run-1/report.html"));
        Assert.Null(catalog.ResolveFile("run-1", ".."));
        Assert.Null(catalog.ResolveFile("missing", "report.html"));
        Assert.Null(catalog.ResolveFile("run-1", "missing.html"));
        Assert.Null(new EvalRunCatalog(null).ResolveFile("run-1", "report.html"));
    }

    [Fact]
    public void Links_leading_out_of_the_reports_directory_are_refused()
    {
        using var root = new TempDir();
        using var outside = new TempDir();
        var secretRun = DashboardFixtures.WriteRun(outside.Path, "secret", DashboardFixtures.Summary("secret", Start, 10));
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "escape"), secretRun);
        var run = DashboardFixtures.WriteRun(root.Path, "run-1", DashboardFixtures.Summary("r1", Start, 10));
        File.CreateSymbolicLink(Path.Combine(run, "linked.html"), Path.Combine(secretRun, "report.html"));
        var catalog = new EvalRunCatalog(root.Path);

        Assert.Null(catalog.ResolveRun("escape"));
        Assert.Null(catalog.ResolveFile("escape", "report.html"));
        Assert.Null(catalog.ResolveFile("run-1", "linked.html"));
        Assert.Equal(["run-1"], catalog.List().Select(r => r.Name));
    }
}
