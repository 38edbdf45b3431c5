using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Telemetry;

/// <summary>Source-generated gateway log messages. None of them carries prompt or response text, or a key.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path} (trace {TraceId})")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
