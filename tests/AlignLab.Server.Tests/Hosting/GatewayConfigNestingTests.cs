using AlignLab.Server.Hosting;

namespace AlignLab.Server.Tests.Hosting;

public sealed class GatewayConfigNestingTests
{
    [Theory]
    [InlineData(100_000)] // issue 13: 40,000 '[' overflowed YamlDotNet's stack and ended the process
    [InlineData(65)]
    public void A_gateway_file_nested_too_deeply_is_an_error_with_its_position_not_a_crash(int depth)
    {
        using var dir = new TempDir();
        var path = dir.Write("gateway.yaml", "listen: " + new string('[', depth) + new string(']', depth) + "\n");

        var d = Assert.Single(GatewayConfigLoader.Load(path, new GatewayOptions()));

        Assert.True(d.IsError);
        Assert.Equal((1, 72), (d.Location.Line, d.Location.Column)); // the 64th '[' (the mapping is the first level, so it is the 65th)
        Assert.Contains("more than 64 levels deep", d.Message, StringComparison.Ordinal);
    }
}
