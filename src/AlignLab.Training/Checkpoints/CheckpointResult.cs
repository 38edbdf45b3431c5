namespace AlignLab.Training.Checkpoints;

/// <summary>A value read from a checkpoint, or every error found on the way (never both).</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class CheckpointResult<T>
    where T : class
{
    private CheckpointResult(T? value, IReadOnlyList<string> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The value, or null when <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>What was wrong, each naming the file, tensor or field.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>A successful result.</summary>
    public static CheckpointResult<T> Ok(T value) => new(value, []);

    /// <summary>A failed result.</summary>
    public static CheckpointResult<T> Fail(params IReadOnlyList<string> errors) => new(null, errors);

    /// <summary>The value, or an <see cref="InvalidDataException"/> listing the errors.</summary>
    public T GetValueOrThrow() => Value ?? throw new InvalidDataException(string.Join(Environment.NewLine, Errors));
}
