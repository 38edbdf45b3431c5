namespace AlignLab.Diagnostics;

/// <summary>How serious a configuration problem is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; the file still loads.</summary>
    Warning,

    /// <summary>The file cannot be used until this is fixed.</summary>
    Error,
}
