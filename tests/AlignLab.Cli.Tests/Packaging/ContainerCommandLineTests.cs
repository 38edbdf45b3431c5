using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlignLab.Cli.Tests.Packaging;

/// <summary>
/// The command line the image runs, as Docker and Kubernetes put it together: the Dockerfile's ENTRYPOINT followed
/// by its CMD, or by the deployment's args, which replace CMD. The ENTRYPOINT used to end in
/// '--config /etc/alignlab/gateway.yaml' and deploy/k8s/deployment.yaml adds the same option as args, so the pod ran
/// 'serve --config … --config …' and stopped at once: "Option '--config' expects a single argument but 2 were provided".
/// </summary>
public sealed partial class ContainerCommandLineTests
{
    [Fact]
    public async Task The_image_command_parses_with_the_dockerfile_defaults_and_with_the_kubernetes_args()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(CliRunner.Root, "Dockerfile"));
        var deployment = await File.ReadAllTextAsync(Path.Combine(CliRunner.Root, "deploy", "k8s", "deployment.yaml"));
        var entry = Json(EntryPoint().Match(dockerfile));
        Assert.Equal(["dotnet", "AlignLab.Cli.dll"], entry[..2]);
        var defaults = Json(Cmd().Match(dockerfile));
        var k8s = Json(KubernetesArgs().Match(deployment));

        foreach (var args in new[] { defaults, k8s })
        {
            string[] command = [.. entry[2..], .. args];
            var parse = AlignLabCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)).Parse(command);
            Assert.True(parse.Errors.Count == 0, string.Join(' ', command) + ": " + string.Join("; ", parse.Errors.Select(e => e.Message)));
            Assert.Equal("serve", parse.CommandResult.Command.Name);
        }
    }

    private static string[] Json(Match m)
    {
        Assert.True(m.Success, "instruction not found");
        return JsonSerializer.Deserialize<string[]>(m.Groups["json"].Value)!;
    }

    [GeneratedRegex(@"^ENTRYPOINT (?<json>\[.*\])\s*$", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();

    [GeneratedRegex(@"^CMD (?<json>\[.*\])\s*$", RegexOptions.Multiline)]
    private static partial Regex Cmd();

    [GeneratedRegex(@"^\s*args: (?<json>\[.*\])\s*$", RegexOptions.Multiline)]
    private static partial Regex KubernetesArgs();
}
