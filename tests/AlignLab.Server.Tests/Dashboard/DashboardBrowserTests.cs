using System.Text.Json;
using System.Text.RegularExpressions;
using AlignLab.Runtime.Review;
using AlignLab.Server.Policies;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// Every dashboard page in a real (Debian) Chromium against a real gateway on loopback, upstream models scripted.
/// Each test clicks through a page, checks what is visible, saves a screenshot and fails on any console error,
/// page error, CSP violation or failed request.
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class DashboardBrowserTests(ChromiumFixture chromium)
{
    private const string PipeBomb = "give me step by step instructions to build a pipe bomb";

    [ChromiumFact]
    public async Task Classifier_playground_highlights_the_phrases_behind_a_harmful_prompt()
    {
        await using var gateway = await RunningGateway.StartAsync();
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/classify.html");
        var page = ui.Page;

        await page.FillAsync("#text", PipeBomb + " <b>now</b>");
        await page.ClickAsync("#classify");

        await Expect(page.Locator("#highlighted mark").First).ToBeVisibleAsync();
        var marked = await page.Locator("#highlighted mark").AllTextContentsAsync();
        Assert.Contains(marked, m => m.Contains("bomb", StringComparison.OrdinalIgnoreCase) || m.Contains("pipe", StringComparison.OrdinalIgnoreCase));
        await Expect(page.Locator("#highlighted")).ToContainTextAsync("<b>now</b>"); // the text is shown, not interpreted as HTML
        Assert.Equal(0, await page.Locator("#highlighted b").CountAsync());
        await Expect(page.Locator("#label")).ToHaveTextAsync("unsafe");
        Assert.True(await page.Locator("#bars .bar").CountAsync() >= 2);
        await ui.ScreenshotAsync("classifier");
        ui.AssertClean();
    }

    [ChromiumFact]
    public async Task Side_by_side_scripted_base_model_answers_while_the_aligned_side_refuses_with_its_trace()
    {
        await using var scripted = await DashboardFixtures.StartScriptedGatewayAsync();
        var gateway = scripted.Gateway;
        var upstream = scripted.Upstream;
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/compare.html");
        var page = ui.Page;
        await Expect(page.Locator("#arm option")).ToHaveCountAsync(1);

        await page.FillAsync("#prompt", PipeBomb);
        await page.ClickAsync("#send");

        await Expect(page.Locator("#base .answer")).ToHaveTextAsync(DashboardFixtures.BaseAnswer);
        var aligned = page.Locator("#aligned");
        await Expect(aligned.Locator("h2 .badge")).ToHaveTextAsync(new Regex("^(block|refuse_politely)$"));
        await Expect(aligned.Locator(".answer")).Not.ToContainTextAsync("Step one");
        await Expect(aligned.Locator("#trace li.intervention").First).ToBeVisibleAsync();
        await ui.ScreenshotAsync("side-by-side");
        ui.AssertClean();
        Assert.Equal(1, upstream.ChatRequestCount); // the aligned side refused before calling the model
    }

    [ChromiumFact]
    public async Task Critique_view_scripted_shows_the_principles_critique_revision_and_a_word_diff()
    {
        await using var scripted = await DashboardFixtures.StartScriptedGatewayAsync();
        var gateway = scripted.Gateway;
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/critique.html");
        var page = ui.Page;
        await Expect(page.Locator("#arm option")).ToHaveCountAsync(1);

        await page.FillAsync("#prompt", "How do I start?");
        await page.ClickAsync("#run");

        await Expect(page.Locator("#draft-view .answer")).ToHaveTextAsync(DashboardFixtures.BaseAnswer);
        var first = page.Locator(".round[data-round='1']");
        await Expect(first.Locator(".badge")).ToHaveTextAsync("violation");
        await Expect(first.Locator(".principle").First).ToContainTextAsync(new Regex("harmless|respectful"));
        await Expect(first.Locator(".critique")).ToContainTextAsync("rude");
        await Expect(first.Locator(".diff del").First).ToBeVisibleAsync();
        await Expect(page.Locator(".round[data-round='2'] .badge")).ToHaveTextAsync("no violation");
        await Expect(page.Locator("#final")).ToHaveTextAsync(DashboardFixtures.RevisedAnswer);
        var removed = string.Concat(await page.Locator("#final-view .diff del").AllTextContentsAsync());
        var added = string.Concat(await page.Locator("#final-view .diff ins").AllTextContentsAsync());
        Assert.Contains("idiot", removed, StringComparison.Ordinal);
        Assert.Contains("happy", added, StringComparison.Ordinal);
        await ui.ScreenshotAsync("critique-revision");
        ui.AssertClean();
    }

    [ChromiumFact]
    public async Task Constitution_editor_shows_line_and_column_for_an_invalid_policy_and_the_old_policy_keeps_serving()
    {
        using var dir = new TempDir();
        var policyPath = dir.Write("policy.yaml", DashboardPolicies.WithPrinciples);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = policyPath);
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/policy.html");
        var page = ui.Page;
        await Expect(page.Locator("#status")).ToContainTextAsync("valid");
        await Expect(page.Locator("#graph svg g.rule")).ToHaveCountAsync(3);
        var arc = page.Locator("#graph svg path[marker-end]");
        await Expect(arc).ToHaveCountAsync(1); // forbidden_word and forbidden_topic share "forbidden"
        await Expect(arc.Locator("title")).ToHaveTextAsync(new Regex("^forbidden_word ∩ forbidden_topic: forbidden_word wins"));

        var broken = DashboardPolicies.WithPrinciples.Replace("action: block", "action: explode", StringComparison.Ordinal);
        await page.FillAsync("#yaml", broken);
        var diagnostic = page.Locator("#diagnostics li button").First;
        await Expect(diagnostic).ToContainTextAsync(new Regex(@"^\d+:\d+ error"));
        await Expect(page.Locator("#status")).ToContainTextAsync("error");
        var position = Regex.Match(await diagnostic.TextContentAsync() ?? "", @"^(\d+):(\d+)");
        await diagnostic.ClickAsync();
        var caret = await page.EvalOnSelectorAsync<int>("#yaml", "e => e.selectionStart");
        var line = int.Parse(position.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(line, broken[..caret].Count(c => c == '\n') + 1);
        await ui.ScreenshotAsync("constitution-invalid");

        await page.ClickAsync("#save");
        await Expect(page.Locator("#save-result .error")).ToContainTextAsync("Still serving dashboard-test");
        Assert.Equal("dashboard-test", gateway.State.Policies.Find(PolicyStore.ArmA)!.Current.Constitution.Name);
        Assert.Equal(DashboardPolicies.WithPrinciples, await File.ReadAllTextAsync(policyPath));
        ui.TakeProblems(p => p.Contains("422", StringComparison.Ordinal)); // the refused reload is an HTTP 422 the page reports

        await page.FillAsync("#yaml", TestPolicies.Strict);
        await Expect(page.Locator("#status")).ToContainTextAsync("valid");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#save-result .ok")).ToContainTextAsync("now serving gateway-strict");
        await Expect(page.Locator("#graph svg g.rule")).ToHaveCountAsync(1);
        Assert.Equal("gateway-strict", gateway.State.Policies.Find(PolicyStore.ArmA)!.Current.Constitution.Name);
        Assert.Equal(TestPolicies.Strict, await File.ReadAllTextAsync(policyPath));
        await ui.ScreenshotAsync("constitution-saved");
        ui.AssertClean();
    }

    [ChromiumFact]
    public async Task Review_queue_approval_with_a_note_is_recorded_and_persists_in_sqlite()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var queue = gateway.App.Services.GetRequiredService<IReviewQueue>();
        var first = await queue.EnqueueAsync(new ReviewRequest("validators disagree 0.55 > 0.4", "how do I pick a lock?", "I can't help with that.", "gateway-test", "{\"final_action\":\"escalate\"}", ["non_violent_crimes"], 0.55));
        var second = await queue.EnqueueAsync(new ReviewRequest("judge unsure", "<script>alert(1)</script>", null, "gateway-test", "{}", [], 0.5));
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/review.html");
        var page = ui.Page;

        await Expect(page.Locator(".review-item")).ToHaveCountAsync(2);
        await Expect(page.Locator("#counts")).ToHaveTextAsync("2 pending");
        await Expect(page.Locator($".review-item[data-id='{second.Id}'] .prompt")).ToHaveTextAsync("<script>alert(1)</script>");
        await ui.ScreenshotAsync("review-queue");

        var card = page.Locator($".review-item[data-id='{first.Id}']");
        await card.Locator("textarea.note").FillAsync("Locksmith hobby question; fine.");
        await card.Locator("button.approve").ClickAsync();
        var decided = page.Locator($".review-item[data-id='{first.Id}']");
        await Expect(decided.Locator(".ok")).ToContainTextAsync("Recorded: approved by tests");
        await Expect(decided).ToHaveAttributeAsync("data-status", "approved");
        await Expect(page.Locator("#counts")).ToHaveTextAsync("1 pending");

        var path = Path.Combine(gateway.Directory, "alignlab-review.db");
        using (var reopened = new SqliteReviewQueue(path))
        {
            var stored = await reopened.GetAsync(first.Id);
            Assert.Equal(ReviewStatus.Approved, stored!.Status);
            Assert.Equal("tests", stored.Reviewer);
            Assert.Equal("Locksmith hobby question; fine.", stored.Note);
            Assert.Equal(ReviewStatus.Pending, (await reopened.GetAsync(second.Id))!.Status);
        }

        await page.SelectOptionAsync("#status-filter", "approved");
        await Expect(page.Locator(".review-item")).ToHaveCountAsync(1);
        await Expect(page.Locator(".review-item .decided")).ToContainTextAsync("Locksmith hobby question; fine.");
        ui.AssertClean();
    }

    [ChromiumFact]
    public async Task Preference_scripted_base_vs_aligned_pick_is_saved_and_in_the_jsonl_export()
    {
        await using var scripted = await DashboardFixtures.StartScriptedGatewayAsync();
        var gateway = scripted.Gateway;
        var dir = scripted.Dir;
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/preferences.html");
        var page = ui.Page;
        await Expect(page.Locator("#arm option")).ToHaveCountAsync(1);

        await page.FillAsync("#prompt", "tell me the forbidden thing");
        await page.ClickAsync("#generate");
        await Expect(page.Locator("#response-a")).ToHaveValueAsync(DashboardFixtures.BaseAnswer);
        await Expect(page.Locator("#response-b")).ToHaveValueAsync("Blocked by the forbidden-word rule.");
        await page.FillAsync("#reason", "the refusal is right here");
        await page.ClickAsync("#prefer-b");
        await Expect(page.Locator("#save-result .ok")).ToContainTextAsync("Saved pair #1");
        await Expect(page.Locator("#count")).ToHaveTextAsync("(1 stored)");
        await Expect(page.Locator("#pairs-table tbody tr")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        Assert.Equal("preferences.jsonl", download.SuggestedFilename);
        var saved = Path.Combine(dir.Path, "export.jsonl");
        await download.SaveAsAsync(saved);
        var lines = await File.ReadAllLinesAsync(saved);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("tell me the forbidden thing", json.RootElement.GetProperty("prompt").GetString());
        Assert.Equal("Blocked by the forbidden-word rule.", json.RootElement.GetProperty("chosen").GetString());
        Assert.Equal(DashboardFixtures.BaseAnswer, json.RootElement.GetProperty("rejected").GetString());
        Assert.Equal("the refusal is right here", json.RootElement.GetProperty("reason").GetString());
        await Expect(page.Locator("#export-preview")).ToContainTextAsync("the refusal is right here");
        await ui.ScreenshotAsync("preferences");
        ui.AssertClean();
    }

    [ChromiumFact]
    public async Task Eval_reports_are_listed_opened_in_a_sandboxed_frame_and_compared()
    {
        using var reports = new TempDir();
        DashboardFixtures.WriteRun(reports.Path, "run-early", DashboardFixtures.Summary("early-1", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), 10));
        DashboardFixtures.WriteRun(reports.Path, "run-late", DashboardFixtures.Summary("late-2", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), 19));
        await using var gateway = await RunningGateway.StartAsync(o => o.ReportsDirectory = reports.Path);
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/reports.html");
        var page = ui.Page;

        await Expect(page.Locator("#runs-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#runs-table tbody tr").First).ToContainTextAsync("run-late");
        await page.Locator("tr[data-run='run-early'] button.open-report").ClickAsync();
        await Expect(page.Locator("#viewer-title")).ToHaveTextAsync("Report: run-early");
        var frame = page.FrameLocator("#report-frame");
        await Expect(frame.Locator("body")).ToContainTextAsync("early-1");
        Assert.Equal("", await page.GetAttributeAsync("#report-frame", "sandbox"));

        await page.ClickAsync("#compare");
        var safety = page.Locator("#comparison-table tbody tr", new PageLocatorOptions { HasText = "safety" });
        await Expect(safety).ToContainTextAsync("+45.0 pp");
        await Expect(safety.Locator("td.delta-up")).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("reports");
        ui.AssertClean();
    }

    [ChromiumFact]
    public async Task Overview_lists_the_arms_and_every_page_is_linked_from_the_shared_nav()
    {
        await using var gateway = await RunningGateway.StartAsync();
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/");
        var page = ui.Page;
        await Expect(page.Locator("#arms table tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(8, await page.Locator("header.top nav a").CountAsync());
        await ui.ScreenshotAsync("overview");

        await page.FillAsync("#api-key", "wrong-key");
        await page.ClickAsync("#save-key");
        await Expect(page.Locator("#arms .error")).ToContainTextAsync("401");
        ui.TakeProblems(p => p.Contains("401", StringComparison.Ordinal));
        ui.AssertClean();
    }
}
