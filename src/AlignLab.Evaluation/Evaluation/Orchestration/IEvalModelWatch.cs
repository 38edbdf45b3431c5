namespace AlignLab.Evaluation.Orchestration;

/// <summary>
/// Watches the model under test during a session: until it has answered once, errored results of the model-backed
/// strategies are held back, and when it is judged unreachable (<see cref="Token"/> cancelled) the session stops and
/// does not write them, so those cases count as never evaluated and a resumed run evaluates them.
/// </summary>
public interface IEvalModelWatch
{
    /// <summary>Cancelled when the model is judged unreachable.</summary>
    CancellationToken Token { get; }

    /// <summary>True once a call to the model has succeeded.</summary>
    bool Reached { get; }

    /// <summary>True when the model was judged unreachable.</summary>
    bool Unreachable { get; }
}
