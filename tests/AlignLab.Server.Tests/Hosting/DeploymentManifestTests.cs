using AlignLab.Constitutions;
using AlignLab.Server.Hosting;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Server.Tests.Hosting;

/// <summary>The Dockerfile, Kubernetes manifests and example gateway file agree with what the server actually does.</summary>
public sealed class DeploymentManifestTests
{
    private static string Deploy(string name) => Path.Combine(RepoPaths.Root, "deploy", "k8s", name);

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = int.TryParse(key, out var i) ? ((YamlSequenceNode)node).Children[i] : ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void Deployment_probes_hit_the_health_endpoints_and_the_container_is_locked_down()
    {
        var d = Load(Deploy("deployment.yaml"));
        var container = At(d, "spec", "template", "spec", "containers", "0");
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Text(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", Text(d, "spec", "template", "spec", "securityContext", "runAsNonRoot"));

        var hpa = Load(Deploy("hpa.yaml"));
        Assert.Equal(Text(d, "metadata", "name"), Text(hpa, "spec", "scaleTargetRef", "name"));
        Assert.Equal("Deployment", Text(hpa, "spec", "scaleTargetRef", "kind"));
    }

    [Fact]
    public void The_configmap_gateway_file_and_policy_load_without_errors()
    {
        var cm = Load(Deploy("configmap.yaml"));
        using var dir = new TempDir();
        var gatewayPath = dir.Write("gateway.yaml", Text(cm, "data", "gateway.yaml"));
        dir.Write("policy.yaml", Text(cm, "data", "policy.yaml"));

        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.Load(gatewayPath, options, name => name == "ALIGNLAB_AUDIT_POSTGRES" ? "Host=postgres;Database=alignlab" : null);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.NotNull(options.AuditPostgresConnectionString);

        // Replicas keep nothing on their own disk: the review queue and preferences share the audit database.
        Assert.Null(options.ReviewDatabasePath);
        Assert.Equal(options.AuditPostgresConnectionString, options.ReviewPostgresConnectionString);
        Assert.DoesNotContain("/tmp", Text(cm, "data", "gateway.yaml"), StringComparison.Ordinal);
        var policy = ConstitutionLoader.LoadFile(options.PolicyPath!);
        Assert.True(policy.Success, string.Join("\n", policy.Diagnostics));
    }

    [Fact]
    public void The_example_gateway_file_loads_and_the_dockerfile_runs_it_as_a_non_root_user()
    {
        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.Load(Path.Combine(RepoPaths.Examples, "gateway.yaml"), options);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.True(File.Exists(options.PolicyPath), options.PolicyPath);
        Assert.Equal(AlignLab.Server.Security.ApiKeyHasher.Hash("change-me"), options.ApiKeys.Single().Sha256);

        var dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var user = dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotEqual("USER root", user);
        Assert.NotEqual("USER 0", user);
        Assert.Contains(dockerfile, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("\"serve\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_container_and_the_deployment_give_the_gateway_a_64_mb_gen0_budget_through_the_environment()
    {
        // .NET 10 reads GCgen0size only from the environment (System.GC.Gen0Size in the csproj was a no-op: 600-970 gen0
        // collections per load run with it, 14-28 with DOTNET_GCgen0size=0x4000000; docs/PERFORMANCE.md).
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
        Assert.Matches(@"(?m)^\s*(ENV\s+)?DOTNET_GCgen0size=0x4000000\b", dockerfile);

        var env = (YamlSequenceNode)At(Load(Deploy("deployment.yaml")), "spec", "template", "spec", "containers", "0", "env");
        var gen0 = env.Children.Cast<YamlMappingNode>().Single(e => Text(e, "name") == "DOTNET_GCgen0size");
        Assert.Equal("0x4000000", Text(gen0, "value"));
    }
}
