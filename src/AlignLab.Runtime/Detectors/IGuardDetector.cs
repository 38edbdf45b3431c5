namespace AlignLab.Runtime.Detectors;

/// <summary>
/// Anything that scores a text for harm: the embedded classifier, an LLM judge (Llama Guard, ShieldGemma or any chat
/// model with a prompt template), or a user's own service. Implementations must be thread-safe and must honour
/// cancellation; they may throw, and the pipeline then applies the stage's failure mode (fail open or closed).
/// </summary>
public interface IGuardDetector
{
    /// <summary>A short stable name, shown in traces and metrics.</summary>
    string Name { get; }

    /// <summary>Scores <see cref="GuardRequest.Text"/>.</summary>
    ValueTask<DetectorResult> DetectAsync(GuardRequest request, CancellationToken cancellationToken = default);
}
