using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.EndToEnd;

/// <summary>Sits between the aligned client and the provider and counts the streamed updates the guard pulled.</summary>
internal sealed class CountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public int UpdatesPulled { get; private set; }

    public List<string> Texts { get; } = [];

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var u in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(u.Text))
            {
                UpdatesPulled++;
                Texts.Add(u.Text);
            }

            yield return u;
        }
    }
}
