using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime;

/// <summary>Reads the <see cref="AlignmentTrace"/> that <see cref="AlignedChatClient"/> attaches to responses.</summary>
public static class ChatResponseAlignmentExtensions
{
    /// <summary>The trace of an aligned response, or null.</summary>
    public static AlignmentTrace? GetAlignmentTrace(this ChatResponse response) =>
        response?.AdditionalProperties?.TryGetValue(AlignmentTrace.PropertyName, out var v) == true ? v as AlignmentTrace : null;

    /// <summary>The trace carried by a streamed update (the last update of an aligned stream has it), or null.</summary>
    public static AlignmentTrace? GetAlignmentTrace(this ChatResponseUpdate update) =>
        update?.AdditionalProperties?.TryGetValue(AlignmentTrace.PropertyName, out var v) == true ? v as AlignmentTrace : null;
}
