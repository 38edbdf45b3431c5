using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Operations;

/// <summary>Source-generated log events of the policy history, A/B experiments and auto-rollback (never prompt text).</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning,
        Message = "Auto-rollback of arm {Arm}: version {BadVersion} breached {Breach}; serving {RestoredVersion} again")]
    public static partial void AutoRolledBack(ILogger logger, string arm, string badVersion, string breach, string restoredVersion);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Error,
        Message = "Auto-rollback of arm {Arm} from version {BadVersion} to {RestoredVersion} failed: {Error}; the new version is still serving")]
    public static partial void AutoRollbackFailed(ILogger logger, string arm, string badVersion, string restoredVersion, string error);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Information,
        Message = "Watching arm {Arm} version {Version} for {WindowSeconds} s after the change from {PreviousVersion}")]
    public static partial void Watching(ILogger logger, string arm, string version, double windowSeconds, string previousVersion);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Information, Message = "Arm {Arm} version {Version} kept: no bound breached within its window")]
    public static partial void Kept(ILogger logger, string arm, string version);

    [LoggerMessage(EventId = 1905, Level = LogLevel.Error, Message = "The policy history could not record version {Version} of arm {Arm}: {Error}")]
    public static partial void HistoryWriteFailed(ILogger logger, string arm, string version, string error);

    [LoggerMessage(EventId = 1906, Level = LogLevel.Information, Message = "A/B experiment {Experiment}: arm {Arm} promoted by {Author}")]
    public static partial void Promoted(ILogger logger, string experiment, string arm, string author);

    [LoggerMessage(EventId = 1907, Level = LogLevel.Information, Message = "Arm {Arm} rolled back to version {Version} by {Author}")]
    public static partial void RolledBack(ILogger logger, string arm, string version, string author);
}
