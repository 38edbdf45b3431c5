using YamlDotNet.Core;

namespace AlignLab.Constitutions;

/// <summary>A YAML document went past a safety limit of <see cref="BoundedYaml"/> (nesting depth, alias expansion).</summary>
internal sealed class YamlLimitException : YamlException
{
    public YamlLimitException(Mark start, Mark end, string message)
        : base(start, end, message)
    {
        Reason = message;
    }

    public YamlLimitException(string message)
        : base(message)
    {
        Reason = message;
    }

    public YamlLimitException(string message, Exception inner)
        : base(message, inner)
    {
        Reason = message;
    }

    /// <summary>The limit that was passed, without YamlDotNet's position prefix.</summary>
    public string Reason { get; }
}
