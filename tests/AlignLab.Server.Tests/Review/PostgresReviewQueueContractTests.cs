using AlignLab.Runtime.Review;
using AlignLab.Server.Review;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.Review;

namespace AlignLab.Server.Tests.Review;

/// <summary>The <see cref="IReviewQueue"/> contract on <see cref="PostgresReviewQueue"/>, each fact on an empty database.</summary>
[RequiresPostgres]
public sealed class PostgresReviewQueueContractTests(PostgresDatabases databases) : ReviewQueueContractTests, IClassFixture<PostgresDatabases>
{
    protected override async Task<IReviewQueue> CreateAsync() =>
        await PostgresReviewQueue.OpenAsync(await databases.CreateAsync(), Time, CancellationToken.None);
}
