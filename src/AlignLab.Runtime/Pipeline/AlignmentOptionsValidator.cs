using Microsoft.Extensions.Options;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// Validates <see cref="AlignmentOptions"/> registered with <c>AddAlignLab</c> or built by <c>UseAlignment</c>: every
/// problem <see cref="AlignmentOptions.Validate"/> finds, reported together in one <see cref="OptionsValidationException"/>.
/// </summary>
internal sealed class AlignmentOptionsValidator : IValidateOptions<AlignmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AlignmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
