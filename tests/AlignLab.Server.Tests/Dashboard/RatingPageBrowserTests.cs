using System.Text;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// The blinded rating page in Chromium (issue 17's acceptance): the page never says which model wrote which answer, in
/// its text or its attributes, and the order stored with each rating is the order the rater saw.
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class RatingPageBrowserTests(ChromiumFixture chromium)
{
    private const string Hostile = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> answer";

    private static string Answer(int prompt, int model) => prompt == 0 && model == 0 ? Hostile : $"answer {model} to prompt {prompt}";

    [ChromiumFact]
    public async Task Raters_see_no_model_names_rate_by_keyboard_and_the_stored_order_is_the_order_shown()
    {
        await using var gateway = await RatingFixtures.StartAsync();
        await using var ui = await DashboardPage.OpenAsync(chromium, gateway, "/ui/rating.html");
        var page = ui.Page;

        await page.FillAsync("#import-name", "pilot queue");
        await page.SetInputFilesAsync("#import-file", new FilePayload
        {
            Name = "candidates.jsonl",
            MimeType = "application/x-ndjson",
            Buffer = Encoding.UTF8.GetBytes(RatingFixtures.Candidates(3, Answer) + "{broken\n"),
        });
        await page.ClickAsync("#import");
        await Expect(page.Locator("#import-result .ok")).ToHaveTextAsync("Imported 3 items as queue #1.");
        await Expect(page.Locator("#import-errors li")).ToContainTextAsync("line 4: ");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Item 1 of 3 · you rated 0");
        await Expect(page.Locator("#shortcuts")).ToContainTextAsync("1–7 scale");

        await AssertBlindAsync(page);
        // The hostile answer is shown as text, never run or rendered.
        Assert.Equal(0, await page.Locator("#item img, #item script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        Assert.Contains(Hostile, await page.Locator("#answer-a").TextContentAsync() + await page.Locator("#answer-b").TextContentAsync(),
            StringComparison.Ordinal);

        var store = RatingFixtures.Store(gateway);
        var batch = (await store.BatchAsync(1, CancellationToken.None))!;

        // Item 1: "2" (A somewhat better), a reason, Enter.
        var shownFirst = await AssertShownAsStoredAsync(page, store, batch, 0, "tests");
        await page.Keyboard.PressAsync("2");
        await Expect(page.Locator("#pick-a")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True(await page.Locator("#scale-2").IsCheckedAsync());
        await page.FillAsync("#reason", "clearer and safer");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Item 2 of 3 · you rated 1");
        var first = (await store.ItemAtAsync(batch.Id, 0, CancellationToken.None))!;
        var stored = (await store.RatingAsync(first.Id, "tests", CancellationToken.None))!;
        Assert.Equal((shownFirst, RatingChoice.First, 2, "clearer and safer"), (stored.Swapped, stored.ShownChoice, stored.ShownScale,
            stored.Reason));
        Assert.Equal(shownFirst ? RatingChoice.Second : RatingChoice.First, stored.Winner);

        // Item 2: Escape leaves the reason box, "b" picks B (scale 6), Enter saves; item 3: "t" and Enter; "p" goes back.
        var shownSecond = await AssertShownAsStoredAsync(page, store, batch, 1, "tests");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("b");
        Assert.True(await page.Locator("#scale-6").IsCheckedAsync());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Item 3 of 3 · you rated 2");
        await page.Keyboard.PressAsync("t");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Item 3 of 3 · you rated 3");
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Item 2 of 3 · you rated 3");
        await Expect(page.Locator("#pick-b")).ToHaveAttributeAsync("aria-pressed", "true");
        var second = (await store.ItemAtAsync(batch.Id, 1, CancellationToken.None))!;
        Assert.Equal(shownSecond, (await store.RatingAsync(second.Id, "tests", CancellationToken.None))!.Swapped);
        await Expect(page.Locator("#agreement")).ToContainTextAsync("Agreement needs two raters (1 so far, 3 ratings)");
        await ui.ScreenshotAsync("rating");

        // A second rater (another key) sees their own order and their rating brings Cohen's kappa.
        await using (var other = await DashboardPage.OpenAsync(chromium, gateway, "/ui/rating.html", RatingFixtures.SecondKey))
        {
            await Expect(other.Page.Locator("#progress")).ToHaveTextAsync("Item 1 of 3 · you rated 0");
            await AssertBlindAsync(other.Page);
            var theirs = await AssertShownAsStoredAsync(other.Page, store, batch, 0, "rater2");
            await other.Page.ClickAsync("#prompt"); // the focus leaves the key box, as a rater's first click does
            await other.Page.Keyboard.PressAsync(theirs == shownFirst ? "3" : "5"); // the same answer as the first rater preferred
            await other.Page.Keyboard.PressAsync("Enter");
            await Expect(other.Page.Locator("#progress")).ToHaveTextAsync("Item 2 of 3 · you rated 1");
            await Expect(other.Page.Locator("#agreement"))
                .ToContainTextAsync("Cohen's κ = undefined (every rating in one category) over 1 items (2 raters, 4 ratings");
            Assert.Equal((await store.RatingAsync(first.Id, "tests", CancellationToken.None))!.Winner,
                (await store.RatingAsync(first.Id, "rater2", CancellationToken.None))!.Winner);
            other.AssertClean();
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        Assert.Equal("ratings-1-pairs.jsonl", download.SuggestedFilename);
        await Expect(page.Locator("#export-summary")).ToHaveTextAsync("2 pairs exported; left out: 1 ties, 0 disagreements, 0 unrated.");
        ui.AssertClean();
    }

    /// <summary>Neither the page's text nor any attribute names a model (the whole serialised DOM is searched).</summary>
    private static async Task AssertBlindAsync(IPage page)
    {
        var dom = await page.ContentAsync();
        var text = await page.EvaluateAsync<string>("() => document.body.innerText");
        foreach (var model in RatingFixtures.Models.Concat(["alpha", "beta", "model 0", "model 1"]))
        {
            Assert.DoesNotContain(model, dom, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(model, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Checks that answer A on the page is the answer the store's order puts first for this rater; returns that order.</summary>
    private static async Task<bool> AssertShownAsStoredAsync(IPage page, IRatingStore store, RatingBatch batch, int position, string rater)
    {
        var item = (await store.ItemAtAsync(batch.Id, position, CancellationToken.None))!;
        var swapped = RatingOrder.IsSwapped(batch.Salt, item.Id, rater);
        await Expect(page.Locator("#answer-a")).ToHaveTextAsync(swapped ? item.Second : item.First);
        await Expect(page.Locator("#answer-b")).ToHaveTextAsync(swapped ? item.First : item.Second);
        return swapped;
    }
}
