using AlignLab.Runtime.Review;
using AlignLab.Testing.Review;

namespace AlignLab.Runtime.Tests.Review;

/// <summary>The <see cref="IReviewQueue"/> contract on <see cref="SqliteReviewQueue"/>.</summary>
public sealed class SqliteReviewQueueContractTests : ReviewQueueContractTests
{
    private readonly TempDir _dir = new();

    protected override Task<IReviewQueue> CreateAsync() => Task.FromResult<IReviewQueue>(new SqliteReviewQueue(_dir.File("review.db"), Time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
