using AlignLab.Runtime.Review;
using AlignLab.Testing.Support;
using Xunit;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Testing.Review;

/// <summary>
/// Behaviour every <see cref="IReviewQueue"/> must have. Each implementation's test project derives a class that
/// creates the queue; a store that needs an outside service marks that class with a <see cref="TestRequirementAttribute"/>,
/// and the facts here (<see cref="ContractFactAttribute"/>) are skipped, saying why, where the service is missing.
/// </summary>
public abstract class ReviewQueueContractTests : IAsyncLifetime
{
    /// <summary>The clock the queue under test must read; it moves only when a test advances it.</summary>
    protected FakeTimeProvider Time { get; } = new();

    protected IReviewQueue Queue { get; private set; } = null!;

    /// <summary>An empty queue on <see cref="Time"/>.</summary>
    protected abstract Task<IReviewQueue> CreateAsync();

    public async Task InitializeAsync() => Queue = await CreateAsync();

    public virtual async Task DisposeAsync()
    {
        if (Queue is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }
    }

    public static ReviewRequest Request(string prompt = "How do I pick a lock?", double score = 0.55) =>
        new("validators disagree 0.55 > 0.4", prompt, "I can't help with that.", "default", """{"action":"escalate","matches":[{"rule":"no_illegal"}]}""", ["non_violent_crimes", "jailbreak"], score);

    [ContractFact]
    public async Task An_enqueued_item_is_pending_and_reads_back_equal()
    {
        var item = await Queue.EnqueueAsync(Request());
        Assert.Equal(ReviewStatus.Pending, item.Status);
        Assert.Equal(Time.GetUtcNow(), item.CreatedAt);
        Assert.Null(item.DecidedAt);
        Assert.Null(item.Reviewer);
        Assert.Equal(26, item.Id.Length);

        var read = await Queue.GetAsync(item.Id);
        Assert.NotNull(read);
        AssertSame(item, read);
        Assert.Equal(["non_violent_crimes", "jailbreak"], read.Categories);
        Assert.Equal(Request().TraceJson, read.TraceJson);
    }

    [ContractFact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        Assert.Null(await Queue.GetAsync("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        Assert.Null(await Queue.GetAsync("' OR 1=1 --"));
    }

    [ContractFact]
    public async Task Deciding_records_verdict_reviewer_note_and_time()
    {
        var item = await Queue.EnqueueAsync(Request());
        Time.Advance(TimeSpan.FromMinutes(5));
        var decided = await Queue.DecideAsync(item.Id, ReviewVerdict.Rejected, "alice", "clearly harmful");
        Assert.Equal(ReviewStatus.Rejected, decided.Status);
        Assert.Equal("alice", decided.Reviewer);
        Assert.Equal("clearly harmful", decided.Note);
        Assert.Equal(item.CreatedAt + TimeSpan.FromMinutes(5), decided.DecidedAt);
        AssertSame(decided, (await Queue.GetAsync(item.Id))!);

        var approved = await Queue.DecideAsync((await Queue.EnqueueAsync(Request())).Id, ReviewVerdict.Approved, "bob", null);
        Assert.Equal(ReviewStatus.Approved, approved.Status);
        Assert.Null(approved.Note);
    }

    [ContractFact]
    public async Task A_decided_item_cannot_be_decided_again()
    {
        var item = await Queue.EnqueueAsync(Request());
        await Queue.DecideAsync(item.Id, ReviewVerdict.Approved, "alice", null);
        var ex = await Assert.ThrowsAsync<ReviewAlreadyDecidedException>(() => Queue.DecideAsync(item.Id, ReviewVerdict.Rejected, "bob", "no"));
        Assert.Contains(item.Id, ex.Message, StringComparison.Ordinal);
        Assert.Contains("approved by alice", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Approved, ex.Item!.Status);
        Assert.Equal(ReviewStatus.Approved, (await Queue.GetAsync(item.Id))!.Status);
        Assert.Equal("alice", (await Queue.GetAsync(item.Id))!.Reviewer);
    }

    [ContractFact]
    public async Task Deciding_an_unknown_item_throws_key_not_found()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Queue.DecideAsync("nope", ReviewVerdict.Approved, "alice", null));
    }

    [ContractFact]
    public async Task Invalid_arguments_are_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Queue.EnqueueAsync(Request() with { Prompt = null! }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Queue.EnqueueAsync(Request(score: double.NaN)));
        var item = await Queue.EnqueueAsync(Request());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Queue.DecideAsync(item.Id, ReviewVerdict.Approved, " ", null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Queue.DecideAsync(item.Id, (ReviewVerdict)0, "alice", null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Queue.ListAsync(null, 0));
        Assert.Equal(ReviewStatus.Pending, (await Queue.GetAsync(item.Id))!.Status);
    }

    [ContractFact]
    public async Task List_and_count_filter_by_status_oldest_first_with_a_limit()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Queue.EnqueueAsync(Request("prompt " + i))).Id);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        await Queue.DecideAsync(ids[1], ReviewVerdict.Approved, "alice", null);
        await Queue.DecideAsync(ids[3], ReviewVerdict.Rejected, "alice", null);

        Assert.Equal(ids, (await Queue.ListAsync(null, 100)).Select(i => i.Id));
        Assert.Equal([ids[0], ids[2], ids[4]], (await Queue.ListAsync(ReviewStatus.Pending, 100)).Select(i => i.Id));
        Assert.Equal([ids[0], ids[2]], (await Queue.ListAsync(ReviewStatus.Pending, 2)).Select(i => i.Id));
        Assert.Equal([ids[1]], (await Queue.ListAsync(ReviewStatus.Approved, 100)).Select(i => i.Id));
        Assert.Equal(5, await Queue.CountAsync());
        Assert.Equal(3, await Queue.CountAsync(ReviewStatus.Pending));
        Assert.Equal(1, await Queue.CountAsync(ReviewStatus.Rejected));
    }

    [ContractFact]
    public async Task Any_text_is_stored_without_loss()
    {
        var nasty = "NUL\0 lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00, RTL \u202E, BOM \uFEFF, '); DROP TABLE review_items; --";
        var request = new ReviewRequest(nasty, nasty + nasty, nasty, nasty, "{\"t\":\"" + nasty + "\"}", [nasty, "", "\0"], -0.0);
        var item = await Queue.EnqueueAsync(request);
        var decided = await Queue.DecideAsync(item.Id, ReviewVerdict.Approved, nasty, nasty);
        var read = (await Queue.GetAsync(item.Id))!;
        AssertSame(decided, read);
        Assert.Equal(nasty + nasty, read.Prompt);
        Assert.Equal([nasty, "", "\0"], read.Categories);
        Assert.Equal(nasty, read.Reviewer);
        Assert.Equal(1, await Queue.CountAsync());
    }

    [ContractFact]
    public async Task Concurrent_enqueues_and_decisions_from_many_threads_are_all_recorded_once()
    {
        var items = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => Queue.EnqueueAsync(Request("p" + i)))));
        Assert.Equal(64, items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(64, await Queue.CountAsync(ReviewStatus.Pending));

        // every item is decided by 4 racing reviewers: exactly one wins each time
        var outcomes = await Task.WhenAll(items.SelectMany(item => Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            try
            {
                await Queue.DecideAsync(item.Id, r % 2 == 0 ? ReviewVerdict.Approved : ReviewVerdict.Rejected, "reviewer" + r, null);
                return true;
            }
            catch (ReviewAlreadyDecidedException)
            {
                return false;
            }
        }))));
        Assert.Equal(64, outcomes.Count(won => won));
        Assert.Equal(0, await Queue.CountAsync(ReviewStatus.Pending));
        Assert.Equal(64, await Queue.CountAsync(ReviewStatus.Approved) + await Queue.CountAsync(ReviewStatus.Rejected));
    }

    [ContractFact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Queue.EnqueueAsync(Request(), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Queue.CountAsync(null, cts.Token));
        Assert.Equal(0, await Queue.CountAsync());
    }

    public static void AssertSame(ReviewItem expected, ReviewItem actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.DecidedAt, actual.DecidedAt);
        Assert.Equal(expected.Reviewer, actual.Reviewer);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.Reason, actual.Reason);
        Assert.Equal(expected.Prompt, actual.Prompt);
        Assert.Equal(expected.Response, actual.Response);
        Assert.Equal(expected.PolicyName, actual.PolicyName);
        Assert.Equal(expected.TraceJson, actual.TraceJson);
        Assert.Equal(expected.Categories, actual.Categories);
        Assert.Equal(expected.Score, actual.Score);
    }
}
