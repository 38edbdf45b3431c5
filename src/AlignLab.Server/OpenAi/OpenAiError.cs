namespace AlignLab.Server.OpenAi;

/// <summary>The <c>error</c> object of an OpenAI-style error body.</summary>
internal sealed record OpenAiError(string Message, string Type, string? Code, string? Param);
