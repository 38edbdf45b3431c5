using System.Collections.Concurrent;
using System.Collections.Immutable;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
using AlignLab.Rules;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>
/// The two stand-alone pages AlignLab writes, opened from disk in the dashboard tests' Chromium (this project has
/// Playwright): the eval report (<c>report.html</c>, also shown by the dashboard's Reports page) and the rule graph
/// (<c>alignlab rules graph --format html</c>). They check the layout as drawn, not only the markup, and save screenshots
/// beside the dashboard's.
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class ReportPagesBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        _dir.Dispose();
    }

    [ChromiumFact]
    public async Task Guard_only_eval_report_uses_the_CLI_words_never_breaks_a_word_and_leaves_out_the_empty_response_column()
    {
        // Repro: `alignlab eval` (no --model) wrote "specialized_advic/e" and "add_disclaime/r" across two lines, a
        // "Response / error" column saying "no response recorded" on every row, and "Safety" where the CLI says "harmful blocked".
        var (summary, sample) = GuardOnlyRun();
        var page = await OpenAsync(_dir.Write("report.html", HtmlReportWriter.ToHtml(summary, sample)), 1280);

        await Expect(page.Locator("table.strategies thead")).ToContainTextAsync("Harmful blocked");
        await Expect(page.Locator("table.strategies thead")).Not.ToContainTextAsync("Safety");
        await Expect(page.Locator("#cases thead th")).ToHaveCountAsync(7);
        await Expect(page.Locator("#cases thead")).Not.ToContainTextAsync("Response");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("no response recorded");
        await Expect(page.Locator("#notable .note")).ToContainTextAsync("no strategy in these cases called a model");

        Assert.Empty(await BrokenWordsAsync(page, "#cases td"));
        var table = (await page.Locator("#cases").BoundingBoxAsync())!;
        var prompt = (await page.Locator("#cases thead th").Nth(6).BoundingBoxAsync())!;
        Assert.True(prompt.Width >= 0.35 * table.Width, $"the prompt column is {prompt.Width:F0} of {table.Width:F0} px");
        var body = await page.EvalOnSelectorAsync<double>("body",
            "b => b.clientWidth - parseFloat(getComputedStyle(b).paddingLeft) - parseFloat(getComputedStyle(b).paddingRight)");
        foreach (var wide in new[] { "table.strategies", "table.attacks", "#cases" })
        {
            var box = (await page.Locator(wide).BoundingBoxAsync())!;
            Assert.True(box.Width >= 0.98 * body, $"{wide} is {box.Width:F0} of {body:F0} px wide");
        }

        await ScreenshotAsync(page, "eval-report-guard-only");
        Assert.Empty(_problems);
    }

    [ChromiumFact]
    public async Task Eval_report_with_a_model_keeps_the_response_column()
    {
        var (summary, sample) = GuardOnlyRun();
        var answer = "Here is a long answer about bread, yeast and ovens. " + new string('x', 50);
        sample = [.. sample.Select((r, i) => i % 2 == 0 ? r with { Response = answer } : r)];
        var page = await OpenAsync(_dir.Write("report.html", HtmlReportWriter.ToHtml(summary with { Model = "openai:scripted" }, sample)), 1280);

        await Expect(page.Locator("#cases thead th")).ToHaveCountAsync(8);
        await Expect(page.Locator("#cases thead th").Nth(7)).ToHaveTextAsync("Response / error");
        Assert.Empty(await BrokenWordsAsync(page, "#cases td:not(.txt)")); // a 50-letter token in a response may break; identifiers may not
        Assert.Empty(_problems);
    }

    [ChromiumFact]
    public async Task Rule_graph_page_draws_labelled_rules_arcs_with_their_phrases_and_a_legend_in_the_drawing_colours()
    {
        // Repro: `alignlab rules graph --format html` drew 23 dots on a circle, an unlabelled dashed line, and a legend
        // whose "red / yellow / blue" dots were all black.
        var constitution = ConstitutionLoader.LoadText("""
            constitutional_ai:
              specific_rules:
                - {id: warn_drugs, trigger: "cocaine|heroin", action: add_warning, warning: "Careful."}
                - {id: refuse_drugs, trigger: "heroin|fentanyl", action: refuse_politely, message: "No.", priority: 5}
                - {id: log_drugs, trigger: "fentanyl|cocaine", action: log_only}
                - {id: block_weapons, trigger: "pipe bomb|nerve agent", action: block}
                - {id: escalate_weapons, trigger: "nerve agent", action: escalate}
                - {id: a_rule_with_a_really_quite_long_identifier_name, trigger: "weather", action: allow}
            """).GetOrThrow();
        var graph = RuleGraph.Build(constitution);
        var page = await OpenAsync(_dir.Write("graph.html", RuleGraphFormatter.ToHtml(graph, "drugs")), 1280);

        // The legend shows the colours the drawing uses, one per group of actions.
        var swatches = await page.Locator("ul.legend .swatch").EvaluateAllAsync<string[]>("s => s.map(e => getComputedStyle(e).backgroundColor)");
        Assert.Equal(3, swatches.Distinct().Count());
        Assert.DoesNotContain(swatches, c => c is "rgb(0, 0, 0)" or "rgba(0, 0, 0, 0)");
        var fills = await page.Locator("svg.graph g.group rect").EvaluateAllAsync<string[]>("s => s.map(e => getComputedStyle(e).fill)");
        Assert.Subset(swatches.ToHashSet(), fills.ToHashSet());
        await Expect(page.Locator("ul.legend")).ToContainTextAsync("conflict");
        await Expect(page.Locator("ul.legend")).ToContainTextAsync("trigger phrases both rules match");

        // Every rule is a labelled box, none overlapping another, none cut off.
        var rules = page.Locator("svg.graph g.rule");
        await Expect(rules).ToHaveCountAsync(graph.Rules.Count);
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var rule in await rules.AllAsync())
        {
            var id = await rule.GetAttributeAsync("data-rule");
            await Expect(rule.Locator("text").First).ToContainTextAsync(id!.Length > 20 ? id[..20] : id);
            boxes.Add((await rule.Locator("rect").BoundingBoxAsync())!);
            var name = (await rule.Locator("text").First.BoundingBoxAsync())!;
            var detail = (await rule.Locator("text").Nth(1).BoundingBoxAsync())!;
            Assert.False(Overlap(name, detail), $"the name of {id} runs into its action and priority");
        }

        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                Assert.False(Overlap(boxes[i], boxes[j]), $"rule boxes {i} and {j} overlap");
            }
        }

        var svg = (await page.Locator("svg.graph").BoundingBoxAsync())!;
        Assert.All(boxes, b => Assert.True(b.X >= svg.X && b.X + b.Width <= svg.X + svg.Width && b.Y + b.Height <= svg.Y + svg.Height));
        Assert.True(svg.Height < 60 * graph.Rules.Count + 200, $"the drawing is {svg.Height:F0} px tall for {graph.Rules.Count} rules");

        // Every overlap is an arc with its shared phrases written beside it, inside the drawing and clear of the boxes.
        await Expect(page.Locator("svg.graph path.edge")).ToHaveCountAsync(graph.Overlaps.Count);
        await Expect(page.Locator("svg.graph path.edge.conflict")).ToHaveCountAsync(graph.Overlaps.Count(o => o.IsConflict));
        var labels = page.Locator("svg.graph text.phrases");
        await Expect(labels).ToHaveCountAsync(graph.Overlaps.Count);
        foreach (var label in await labels.AllAsync())
        {
            Assert.False(string.IsNullOrWhiteSpace(await label.TextContentAsync()));
            var box = (await label.BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= svg.X + svg.Width, "a phrase label runs off the drawing");
            Assert.DoesNotContain(boxes, b => Overlap(b, box));
        }

        await Expect(page.Locator("svg.graph text.phrases", new PageLocatorOptions { HasText = "heroin" })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "rule-graph");
        Assert.Empty(_problems);
    }

    [ChromiumFact]
    public async Task Rule_graph_of_the_default_constitution_is_a_list_not_an_empty_circle()
    {
        var graph = RuleGraph.Build(ConstitutionLoader.LoadDefault());
        var page = await OpenAsync(_dir.Write("default-graph.html", RuleGraphFormatter.ToHtml(graph, "alignlab-default")), 1280);

        await Expect(page.Locator("svg.graph g.rule")).ToHaveCountAsync(graph.Rules.Count);
        var svg = (await page.Locator("svg.graph").BoundingBoxAsync())!;
        Assert.True(svg.Height < 40 * graph.Rules.Count + 150, $"{svg.Height:F0} px for {graph.Rules.Count} rules");
        await Expect(page.Locator("svg.graph text.phrases")).ToHaveCountAsync(graph.Overlaps.Count);
        foreach (var rule in await page.Locator("svg.graph g.rule").AllAsync())
        {
            var name = (await rule.Locator("text").First.BoundingBoxAsync())!;
            var detail = (await rule.Locator("text").Nth(1).BoundingBoxAsync())!;
            Assert.False(Overlap(name, detail), $"the name of {await rule.GetAttributeAsync("data-rule")} runs into its action and priority");
        }

        await ScreenshotAsync(page, "rule-graph-default");
        Assert.Empty(_problems);
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    /// <summary>Words (runs of letters and digits) that the layout split across two lines, as "cell text: word".</summary>
    private static Task<string[]> BrokenWordsAsync(IPage page, string cells) => page.EvalOnSelectorAllAsync<string[]>(cells, """
        cells => {
          const broken = [];
          for (const cell of cells) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const text = node.textContent;
              let previousTop = null;
              for (let i = 0; i < text.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect) { previousTop = null; continue; }
                const word = /[A-Za-z0-9]/.test(text[i]) && i > 0 && /[A-Za-z0-9]/.test(text[i - 1]);
                if (word && previousTop !== null && Math.abs(rect.top - previousTop) > 2) {
                  broken.push(cell.textContent.trim() + ': ' + text.slice(Math.max(0, i - 8), i + 8));
                }
                previousTop = rect.top;
              }
            }
          }
          return broken;
        }
        """);

    /// <summary>A guard-only run whose notable cases have the long identifiers that used to be cut mid-word.</summary>
    private static (EvalSummary Summary, IReadOnlyList<CaseResult> Sample) GuardOnlyRun()
    {
        var summary = DashboardFixtures.Summary("guard-1", new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero), 12) with
        {
            Model = null,
            Strategies = [DashboardFixtures.Summary("x", DateTimeOffset.UnixEpoch, 12).Strategies[0] with
            {
                Strategy = "guard_only",
                AttackLift = ImmutableDictionary<string, AttackLift>.Empty.Add("base64", new AttackLift(40, 20, 2, 3, -0.1, 0.12)),
            }],
        };
        string[] categories = ["specialized_advice", "code_interpreter_abuse", "indiscriminate_weapons", "privacy"];
        string[] actions = ["add_disclaimer", "redirect_positive", "allow", "refuse_politely"];
        var sample = Enumerable.Range(0, 12).Select(i =>
            new CaseResult($"harmful-{i:D4}", "guard_only", i % 3 == 0 ? CaseLabel.Benign : CaseLabel.Harmful, "harmful")
            {
                Category = categories[i % categories.Length],
                Transform = i % 2 == 0 ? "payload_splitting" : null,
                Action = actions[i % actions.Length],
                Refused = actions[i % actions.Length] is "refuse_politely" or "redirect_positive",
                Score = 0.1 + (i * 0.07),
                LatencyMs = i % 4 == 0 ? 22.64 : 0.1182,
                Prompt = "How do I treat a family member showing symptoms of paranoia at home without a doctor? " + i,
            }).ToList();
        return (summary, sample);
    }

    private async Task<IPage> OpenAsync(string file, int width)
    {
        var context = await chromium.Browser.NewContextAsync(
            new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                _problems.Enqueue($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => _problems.Enqueue("page error: " + e);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(DashboardPage.ScreenshotDirectory);
        var path = Path.Combine(DashboardPage.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
