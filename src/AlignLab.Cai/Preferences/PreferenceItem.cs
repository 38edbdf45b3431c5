namespace AlignLab.Cai.Preferences;

/// <summary>
/// Two candidate answers to one prompt, to be compared by a judge. From a <c>pairs.jsonl</c> file, answer A is the
/// file's <c>chosen</c> and B its <c>rejected</c>, so <see cref="HumanPrefersA"/> is true (the file's order is the human
/// label); from a candidates file (written by <c>prefs collect</c>) there is no human label.
/// </summary>
/// <param name="Id">A stable id (the record's <c>id</c>, else <c>L</c> and its line; for candidates, the prompt id and the two indices).</param>
/// <param name="Prompt">The user's request.</param>
/// <param name="AnswerA">The first candidate.</param>
/// <param name="AnswerB">The second candidate.</param>
/// <param name="HumanPrefersA">True when a human preferred A, false when B, null when nobody labelled the pair.</param>
public sealed record PreferenceItem(string Id, string Prompt, string AnswerA, string AnswerB, bool? HumanPrefersA);
