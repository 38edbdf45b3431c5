using Microsoft.Extensions.Configuration;

namespace AlignLab.Server.Hosting.Configuration;

/// <summary>The gateway YAML file as an <see cref="IConfigurationSource"/> (see <see cref="GatewayYamlConfigurationProvider"/>).</summary>
internal sealed class GatewayYamlConfigurationSource(string path) : IConfigurationSource
{
    /// <summary>The file, as given.</summary>
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new GatewayYamlConfigurationProvider(Path);
}
