using Microsoft.Extensions.Options;

namespace AlignLab.Server.Hosting.Configuration;

/// <summary>
/// <see cref="GatewayOptions.Validate"/> as an options validator: the gateway registers it with
/// <c>ValidateOnStart</c>, and <see cref="GatewayApplication.BuildAsync"/> runs it before it opens any store.
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(GatewayOptions options)
    {
        var result = new GatewayOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(GatewayOptions), result.Failures);
        }
    }
}
