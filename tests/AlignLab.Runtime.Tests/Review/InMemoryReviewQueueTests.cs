using AlignLab.Runtime.Review;
using AlignLab.Testing.Review;

namespace AlignLab.Runtime.Tests.Review;

/// <summary>The <see cref="IReviewQueue"/> contract on <see cref="InMemoryReviewQueue"/>.</summary>
public sealed class InMemoryReviewQueueTests : ReviewQueueContractTests
{
    protected override Task<IReviewQueue> CreateAsync() => Task.FromResult<IReviewQueue>(new InMemoryReviewQueue(Time));
}
