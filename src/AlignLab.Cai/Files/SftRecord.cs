namespace AlignLab.Cai.Files;

/// <summary>
/// One line of <c>sft.jsonl</c>: a conversation in the <c>messages</c> shape TRL's SFTTrainer reads as conversational
/// language-modelling data (the user's prompt, then the final revision as the assistant turn). Only <c>messages</c> is
/// written, so trainers see no column they do not know.
/// </summary>
/// <param name="Messages">The conversation.</param>
public sealed record SftRecord(IReadOnlyList<ChatTurn> Messages);
