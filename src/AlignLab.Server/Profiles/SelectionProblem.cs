namespace AlignLab.Server.Profiles;

/// <summary>Why a request's context or profile cannot be used: a 400 (unknown name) or a 403 (the key may not use it).</summary>
/// <param name="Status">400 or 403.</param>
/// <param name="Message">What is wrong, naming the profile or context (and the closest known name when there is one).</param>
/// <param name="Param">The header or field that named it.</param>
internal sealed record SelectionProblem(int Status, string Message, string Param);
