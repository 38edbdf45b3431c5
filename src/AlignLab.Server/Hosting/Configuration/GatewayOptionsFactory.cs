using Microsoft.Extensions.Options;

namespace AlignLab.Server.Hosting.Configuration;

/// <summary>
/// The options the gateway was built with, served as <c>IOptions&lt;GatewayOptions&gt;</c>: the instance itself (it
/// holds the bound configuration and the test clock), after every registered <see cref="IValidateOptions{TOptions}"/>
/// has accepted it. With <c>ValidateOnStart</c> the host runs this when it starts.
/// </summary>
internal sealed class GatewayOptionsFactory(GatewayOptions options, IEnumerable<IValidateOptions<GatewayOptions>> validators)
    : IOptionsFactory<GatewayOptions>
{
    public GatewayOptions Create(string name)
    {
        var failures = validators.Select(v => v.Validate(name, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(name, typeof(GatewayOptions), failures);
    }
}
