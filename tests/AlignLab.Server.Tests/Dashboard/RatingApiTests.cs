using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>The blinded rating queue's API over HTTP against a real gateway.</summary>
public sealed class RatingApiTests
{
    private static StringContent Jsonl(string text) => new(text, Encoding.UTF8, "application/x-ndjson");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static async Task<long> ImportAsync(HttpClient http, string text)
    {
        using var response = await http.PostAsync("api/ratings/import?name=queue", Jsonl(text));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("batch").GetInt64();
    }

    [Fact]
    public async Task An_item_as_a_rater_gets_it_has_the_prompt_and_two_answers_and_nothing_naming_a_model_or_the_file_order()
    {
        await using var gateway = await RatingFixtures.StartAsync();
        using var http = gateway.CreateClient();
        var batch = await ImportAsync(http, RatingFixtures.Candidates(3));

        using var response = await http.GetAsync($"api/ratings/batches/{batch}/items/1");
        var text = await response.Content.ReadAsStringAsync();
        var item = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["batch", "name", "position", "total", "rated_by_you", "item", "prompt", "a", "b", "rating"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("secret-model", text, StringComparison.Ordinal);
        Assert.DoesNotContain("q1", text, StringComparison.Ordinal); // the file's id (which carries the candidate indices) stays on the server
        Assert.Equal(new[] { "answer 0 to prompt 1", "answer 1 to prompt 1" }, new[] { item.GetProperty("a").GetString()!,
            item.GetProperty("b").GetString()! }.Order());
    }

    [Fact]
    public async Task The_order_is_shuffled_per_item_and_per_rater_stable_across_reloads_and_stored_as_shown()
    {
        await using var gateway = await RatingFixtures.StartAsync();
        using var one = gateway.CreateClient();
        using var two = gateway.CreateClient(RatingFixtures.SecondKey);
        var batch = await ImportAsync(one, RatingFixtures.Candidates(40));
        var store = RatingFixtures.Store(gateway);

        var shown = new Dictionary<(string Rater, int Position), bool>();
        foreach (var (rater, client) in new[] { ("tests", one), ("rater2", two) })
        {
            for (var p = 0; p < 40; p++)
            {
                var item = await ReadJsonAsync(await client.GetAsync($"api/ratings/batches/{batch}/items/{p}"));
                var again = await ReadJsonAsync(await client.GetAsync($"api/ratings/batches/{batch}/items/{p}"));
                Assert.Equal(item.GetProperty("a").GetString(), again.GetProperty("a").GetString());
                shown[(rater, p)] = item.GetProperty("a").GetString() == $"answer 1 to prompt {p}";
                if (p < 5)
                {
                    // The rater prefers A, whatever A was; the store must say the same answer won.
                    using var rated = await client.PostAsync($"api/ratings/items/{item.GetProperty("item").GetInt64()}",
                        Json("{\"choice\":\"a\",\"scale\":2}"));
                    Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
                    var stored = (await store.RatingAsync(item.GetProperty("item").GetInt64(), rater, CancellationToken.None))!;
                    Assert.Equal(shown[(rater, p)], stored.Swapped);
                    Assert.Equal(shown[(rater, p)] ? RatingChoice.Second : RatingChoice.First, stored.Winner);
                }
            }
        }

        foreach (var rater in new[] { "tests", "rater2" })
        {
            Assert.Contains(shown, s => s.Key.Rater == rater && s.Value);
            Assert.Contains(shown, s => s.Key.Rater == rater && !s.Value);
        }

        Assert.Contains(Enumerable.Range(0, 40), p => shown[("tests", p)] != shown[("rater2", p)]);
    }

    [Theory]
    [InlineData("{\"choice\":\"a\",\"scale\":6}", "contradicts")]
    [InlineData("{\"choice\":\"tie\",\"scale\":3}", "contradicts")]
    [InlineData("{\"choice\":\"a\",\"scale\":0}", "from 1")]
    [InlineData("{\"choice\":\"a\",\"scale\":2.5}", "from 1")]
    [InlineData("{\"choice\":\"model-a\",\"scale\":2}", "'choice'")]
    [InlineData("{\"choice\":\"b\",\"scale\":5,\"reason\":7}", "reason")]
    public async Task A_rating_whose_choice_and_scale_disagree_or_are_out_of_range_is_a_400_and_stores_nothing(string body, string message)
    {
        await using var gateway = await RatingFixtures.StartAsync();
        using var http = gateway.CreateClient();
        var batch = await ImportAsync(http, RatingFixtures.Candidates(1));
        var item = await ReadJsonAsync(await http.GetAsync($"api/ratings/batches/{batch}/items/0"));

        using var response = await http.PostAsync($"api/ratings/items/{item.GetProperty("item").GetInt64()}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await RatingFixtures.Store(gateway).RatingsAsync(batch, CancellationToken.None));
        using var missing = await http.PostAsync("api/ratings/items/999999", Json("{\"choice\":\"a\",\"scale\":1}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var beyond = await http.GetAsync($"api/ratings/batches/{batch}/items/1");
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Fact]
    public async Task A_file_with_bad_lines_imports_the_good_ones_and_lists_the_bad_with_line_numbers_and_one_with_none_is_a_400()
    {
        await using var gateway = await RatingFixtures.StartAsync();
        using var http = gateway.CreateClient();

        using var mixed = await http.PostAsync("api/ratings/import",
            Jsonl("{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}\n{oops\n\n{\"prompt\":\"p\"}\n"));
        var body = await ReadJsonAsync(mixed);
        Assert.Equal(HttpStatusCode.Created, mixed.StatusCode);
        Assert.Equal((1, 2), (body.GetProperty("items").GetInt32(), body.GetProperty("malformed").GetInt32()));
        Assert.Equal([2L, 4], body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt64()));

        using var none = await http.PostAsync("api/ratings/import", Jsonl("garbage\n[]\n"));
        var error = await ReadJsonAsync(none);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("no_items", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, error.GetProperty("errors").GetArrayLength());
        Assert.Single((await ReadJsonAsync(await http.GetAsync("api/ratings/batches"))).GetProperty("batches").EnumerateArray());
    }

    [Fact]
    public async Task An_import_sent_as_text_plain_or_a_form_is_refused_415_like_every_api_write_a_foreign_page_could_send()
    {
        await using var gateway = await RatingFixtures.StartAsync();
        using var http = gateway.CreateClient();

        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data" })
        {
            using var response = await http.PostAsync("api/ratings/import", new StringContent(RatingFixtures.Candidates(1), Encoding.UTF8, type));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Contains("application/x-ndjson", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var json = await http.PostAsync("api/ratings/import", new StringContent(RatingFixtures.Candidates(1), Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.Created, json.StatusCode); // JSON is allowed on every API path, and a JSON Lines file of one line is JSON
        Assert.Single((await ReadJsonAsync(await http.GetAsync("api/ratings/batches"))).GetProperty("batches").EnumerateArray());
    }

    [Fact]
    public async Task A_file_larger_than_the_gateway_accepts_is_a_413_and_no_queue_is_created()
    {
        await using var gateway = await RatingFixtures.StartAsync(o => o.MaxRequestBodyBytes = 256 * 1024);
        using var http = gateway.CreateClient();
        var huge = RatingFixtures.Candidates(4_000); // about 560 KB

        using var response = await http.PostAsync("api/ratings/import", Jsonl(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await ReadJsonAsync(await http.GetAsync("api/ratings/batches"))).GetProperty("batches").EnumerateArray());
    }

    [Fact]
    public async Task Agreement_and_export_follow_the_raters_cohen_for_two_fleiss_for_three_and_the_majority_decides_each_pair()
    {
        await using var gateway = await RatingFixtures.StartAsync();
        using var one = gateway.CreateClient();
        using var two = gateway.CreateClient(RatingFixtures.SecondKey);
        using var three = gateway.CreateClient(RatingFixtures.ThirdKey);
        var batch = await ImportAsync(one, RatingFixtures.Candidates(4));

        // Every rater prefers model 1's answer to prompt 0; on prompt 1 rater one and two split; prompt 2 is a tie; prompt 3 unrated.
        async Task RateAsync(HttpClient client, int position, string preferred)
        {
            var item = await ReadJsonAsync(await client.GetAsync($"api/ratings/batches/{batch}/items/{position}"));
            var choice = preferred == "tie" ? "tie" : item.GetProperty("a").GetString() == preferred ? "a" : "b";
            var scale = choice switch { "a" => 1, "b" => 7, _ => 4 };
            using var r = await client.PostAsync($"api/ratings/items/{item.GetProperty("item").GetInt64()}",
                Json($"{{\"choice\":\"{choice}\",\"scale\":{scale}}}"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await RateAsync(one, 0, "answer 1 to prompt 0");
        await RateAsync(two, 0, "answer 1 to prompt 0");
        await RateAsync(one, 1, "answer 0 to prompt 1");
        await RateAsync(two, 1, "answer 1 to prompt 1");
        await RateAsync(one, 2, "tie");
        await RateAsync(two, 2, "tie");

        var cohen = await ReadJsonAsync(await one.GetAsync($"api/ratings/batches/{batch}/agreement"));
        Assert.Equal(("cohen", 3, 2, 6), (cohen.GetProperty("method").GetString(), cohen.GetProperty("items").GetInt32(),
            cohen.GetProperty("raters").GetInt32(), cohen.GetProperty("ratings").GetInt32()));
        var (expected, _) = InterRaterAgreement.Cohen([(1, 1), (0, 1), (2, 2)], 3);
        Assert.Equal(Math.Round(expected!.Value, 4), cohen.GetProperty("kappa").GetDouble());

        using var export = await one.GetAsync($"api/ratings/batches/{batch}/export");
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pair = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal(("prompt 0", "answer 1 to prompt 0", "answer 0 to prompt 0", "q0:0-1", "dashboard"), (pair.GetProperty("prompt").GetString(),
            pair.GetProperty("chosen").GetString(), pair.GetProperty("rejected").GetString(), pair.GetProperty("id").GetString(),
                pair.GetProperty("source").GetString()));
        Assert.Equal(["1", "1", "1", "1"], new[] { "Pairs", "Ties", "Disagreements",
            "Unrated" }.Select(h => export.Headers.GetValues("X-AlignLab-" + h).Single()));

        // A third rater breaks the split on prompt 1: Fleiss' kappa now, and prompt 1 becomes a pair.
        await RateAsync(three, 1, "answer 1 to prompt 1");
        var fleiss = await ReadJsonAsync(await one.GetAsync($"api/ratings/batches/{batch}/agreement"));
        Assert.Equal(("fleiss", 3, 3), (fleiss.GetProperty("method").GetString(), fleiss.GetProperty("items").GetInt32(),
            fleiss.GetProperty("raters").GetInt32()));
        using var again = await one.GetAsync($"api/ratings/batches/{batch}/export");
        Assert.Equal(2, (await again.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
