namespace AlignLab.Server.OpenAi;

/// <summary>An OpenAI-style error body: <c>{"error":{"message","type","code","param"}}</c>.</summary>
internal sealed record OpenAiErrorResponse(OpenAiError Error);
