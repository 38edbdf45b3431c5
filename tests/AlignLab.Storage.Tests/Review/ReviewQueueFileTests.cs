using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Review;

namespace AlignLab.Runtime.Tests.Review;

/// <summary>
/// The runtime no longer references the SQLite driver: a constitution's <c>review_queue: PATH</c> is opened through
/// <see cref="ReviewQueueFile"/>, which finds <see cref="SqliteReviewQueue"/> in AlignLab.Storage by name.
/// </summary>
public sealed class ReviewQueueFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_review_queue_path_in_the_constitution_opens_the_sqlite_queue_from_the_storage_assembly()
    {
        var path = _dir.File("reviews.db");
        var policy = ConstitutionLoader.LoadText($$"""
            constitutional_ai:
              core_principles:
                - {id: harmless, description: Do no harm.}
              review_queue: {path: "{{path}}"}
            """, "t.yaml").GetOrThrow();

        var options = ConstitutionRuntime.CreateOptions(policy, _ => throw new InvalidOperationException("no models"));

        var queue = Assert.IsType<SqliteReviewQueue>(options.ReviewQueue);
        Assert.Equal(Path.GetFullPath(path), queue.Path);
        await queue.DisposeAsync();
    }

    [Fact]
    public async Task The_queue_opened_by_name_is_durable()
    {
        var path = _dir.File("named.db");
        ReviewItem item;
        await using (var queue = (SqliteReviewQueue)ReviewQueueFile.Open(path, TimeProvider.System))
        {
            item = await queue.EnqueueAsync(Testing.Review.ReviewQueueContractTests.Request());
        }

        await using var reopened = new SqliteReviewQueue(path);
        Assert.NotNull(await reopened.GetAsync(item.Id));
    }

    [Fact]
    public void The_runtime_assembly_does_not_reference_the_sqlite_driver_or_the_storage_assembly()
    {
        var references = typeof(ConstitutionRuntime).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Microsoft.Data.Sqlite", references);
        Assert.DoesNotContain(ReviewQueueFile.StorageAssembly, references);
    }
}
