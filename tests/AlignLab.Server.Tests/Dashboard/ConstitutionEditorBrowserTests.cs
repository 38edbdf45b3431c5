using System.Text.RegularExpressions;
using AlignLab.Server.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// The Constitution page's editor. Repro: it was a plain text box with no line numbers, no colours and no mark where
/// a diagnostic's line:column is, and long lines ran off to the right.
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class ConstitutionEditorBrowserTests(ChromiumFixture chromium)
{
    [ChromiumFact]
    public async Task Editor_numbers_lines_marks_the_diagnostic_line_and_column_wraps_long_lines_and_jumps_to_an_error()
    {
        // 80 comment lines first, so the error is far below the first screen; one line of 600 characters.
        var padding = string.Concat(Enumerable.Range(1, 80).Select(i => $"# note {i}\n"));
        var longLine = "  # " + string.Join(' ', Enumerable.Repeat("a long comment that keeps going", 20)) + "\n";
        var rules = "  specific_rules:\n";
        var policy = padding + DashboardPolicies.WithPrinciples.Replace(rules, longLine + rules, StringComparison.Ordinal);
        using var dir = new TempDir();
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = dir.Write("policy.yaml", policy));
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/policy.html");
        var page = ui.Page;
        await Expect(page.Locator("#status")).ToContainTextAsync("valid");

        var lines = policy.Split('\n').Length;
        var view = page.Locator("#yaml-view");
        await Expect(view.Locator(".line")).ToHaveCountAsync(lines);
        await Expect(view.Locator(".line").Nth(80)).ToHaveAttributeAsync("data-n", "81");
        var firstNumber = await view.Locator(".line").First.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content");
        Assert.Equal("\"1\"", firstNumber);
        await Expect(view.Locator(".line .t-k", new LocatorLocatorOptions { HasText = "specific_rules" })).ToHaveCountAsync(1); // keys are coloured
        await Expect(view.Locator(".line .t-a", new LocatorLocatorOptions { HasText = "refuse_politely" })).ToHaveCountAsync(1); // so are actions

        // Long lines wrap instead of running off: no horizontal scrolling, and the drawn text wraps exactly like the textarea.
        var area = page.Locator("#yaml");
        Assert.True(await area.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "the editor scrolls sideways");
        var heights = await page.EvaluateAsync<double[]>("() => ['yaml', 'yaml-view'].map(id => document.getElementById(id).scrollHeight)");
        Assert.True(Math.Abs(heights[0] - heights[1]) <= 1, $"textarea {heights[0]} px, drawn text {heights[1]} px: they wrap differently");
        var longIndex = Array.FindIndex(policy.Split('\n'), l => l.Contains("keeps going", StringComparison.Ordinal));
        var oneLine = await view.Locator(".line").First.EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        var wrapped = await view.Locator(".line").Nth(longIndex).EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        Assert.True(wrapped > 3 * oneLine, $"the long line is {wrapped} px tall, one line {oneLine} px");

        // An invalid action: its line is marked in the gutter and the word at the diagnostic's column is underlined.
        var broken = policy.Replace("action: block", "action: explode", StringComparison.Ordinal);
        await page.FillAsync("#yaml", broken);
        var diagnostic = page.Locator("#diagnostics li button").First;
        await Expect(diagnostic).ToContainTextAsync(new Regex(@"^\d+:\d+ error AL1004"));
        var position = Regex.Match(await diagnostic.TextContentAsync() ?? "", @"^(\d+):(\d+)");
        var line = position.Groups[1].Value;
        var errorLine = view.Locator(".line.has-error");
        await Expect(errorLine).ToHaveCountAsync(1);
        await Expect(errorLine).ToHaveAttributeAsync("data-n", line);
        await Expect(errorLine.Locator(".mark-error")).ToHaveTextAsync("explode");
        Assert.Contains("●", await errorLine.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"), StringComparison.Ordinal);

        // The error is off screen until its diagnostic is clicked; then it is in view, the caret is on it, and the
        // message for the caret's line is shown under the editor.
        await area.EvaluateAsync("e => { e.scrollTop = 0; }"); // filling left the caret, and the view, at the end
        await Expect(errorLine).Not.ToBeInViewportAsync();
        await diagnostic.ClickAsync();
        await Expect(page.Locator("#line-diagnostic")).ToContainTextAsync("AL1004");
        await Expect(errorLine).ToBeInViewportAsync();
        var editor = (await page.Locator("#editor").BoundingBoxAsync())!;
        Assert.True(Inside(await errorLine.BoundingBoxAsync(), editor), "clicking the diagnostic did not scroll its line into the editor");
        var caret = await page.EvalOnSelectorAsync<int>("#yaml", "e => e.selectionStart");
        Assert.Equal(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture), broken[..caret].Count(c => c == '\n') + 1);
        Assert.Equal("explode", broken.Substring(caret, "explode".Length));
        await Expect(page.Locator("#cursor")).ToHaveTextAsync($"line {line}, column {position.Groups[2].Value}");
        await ui.ScreenshotAsync("constitution-editor-error");

        // Fixed again: the mark goes away.
        await page.FillAsync("#yaml", policy);
        await Expect(page.Locator("#status")).ToContainTextAsync("valid");
        await Expect(view.Locator(".line.has-error")).ToHaveCountAsync(0);
        ui.AssertClean();
    }

    private static bool Inside(LocatorBoundingBoxResult? box, LocatorBoundingBoxResult frame) =>
        box is not null && box.Y >= frame.Y && box.Y + box.Height <= frame.Y + frame.Height;
}
