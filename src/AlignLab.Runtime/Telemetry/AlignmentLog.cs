using Microsoft.Extensions.Logging;

namespace AlignLab.Runtime.Telemetry;

/// <summary>Source-generated log messages. Prompt and response text are logged only at Trace level.</summary>
internal static partial class AlignmentLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "AlignLab {Stage} decision: {Action} (rule {RuleId}, category {Category})")]
    public static partial void Decision(ILogger logger, string stage, string action, string? ruleId, string? category);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "AlignLab detector {Detector} failed at {Stage}; failing {Mode}: {Reason}")]
    public static partial void DetectorFailed(ILogger logger, string detector, string stage, string mode, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "AlignLab streaming intervention {Number} ({Kind}): {Reason}")]
    public static partial void Intervention(ILogger logger, int number, string kind, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "AlignLab escalated an exchange to review item {ReviewId}")]
    public static partial void Escalated(ILogger logger, string reviewId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Trace, Message = "AlignLab {Stage} text: {Text}")]
    public static partial void StageText(ILogger logger, string stage, string text);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "AlignLab: the guarded model failed: {Reason}")]
    public static partial void ModelFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "AlignLab removed {Kind} content that looked like a prompt injection (message {Index})")]
    public static partial void RemovedInjection(ILogger logger, string kind, int index);
}
