using System.Collections.Immutable;

namespace AlignLab.Constitutions;

/// <summary>PII redaction of responses (<c>pii:</c>).</summary>
public sealed record PiiSettings
{
    /// <summary>Kinds this build detects.</summary>
    public static readonly IReadOnlyList<string> KnownKinds = ["email", "phone", "credit_card", "iban", "ip", "secret"];

    public bool Enabled { get; init; } = true;

    /// <summary>Kinds to redact.</summary>
    public ImmutableArray<string> Kinds { get; init; } = [.. KnownKinds];

    /// <summary>Stages where PII is redacted (output and streaming by default; input redaction is opt-in).</summary>
    public PolicyStage Stages { get; init; } = PolicyStage.Streaming | PolicyStage.Output;
}
