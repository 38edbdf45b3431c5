using Microsoft.Extensions.Configuration;

namespace AlignLab.Server.Hosting.Configuration;

/// <summary>
/// The gateway's configuration: its YAML file (optional) overlaid with <c>ALIGNLAB__…</c> environment variables, one
/// per key with <c>__</c> between levels (<c>ALIGNLAB__UPSTREAM</c>, <c>ALIGNLAB__AUDIT__SQLITE</c>,
/// <c>ALIGNLAB__API_KEYS__0__SHA256</c>). Names are matched without regard to case. Bound to
/// <see cref="GatewayOptions"/> by <see cref="GatewayConfigLoader.Bind"/>.
/// </summary>
public static class GatewayConfiguration
{
    /// <summary>The prefix of the environment variables read (two underscores, so <c>ALIGNLAB_HOME</c> is not one of them).</summary>
    public const string EnvironmentPrefix = "ALIGNLAB__";

    /// <summary>
    /// Builds the configuration. <paramref name="environment"/>: the variables to read (null: the process's); those
    /// without <see cref="EnvironmentPrefix"/> are ignored.
    /// </summary>
    public static IConfigurationRoot Build(string? path, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            builder.Add(new GatewayYamlConfigurationSource(path));
        }

        if (environment is null)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        else
        {
            // The same mapping as the environment variables provider: prefix removed, "__" between levels.
            builder.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(e => KeyValuePair.Create(
                    e.Key[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e.Value)));
        }

        return builder.Build();
    }
}
