using AlignLab.Classification;

namespace AlignLab.Tests;

/// <summary>
/// Issue 16, build item 1: the runtime core (AlignLab.dll) was 16.8 MB and carried the evaluation runners, the
/// trainers, the dataset sources, the sandbox and the default model. It now holds what a runtime user needs and
/// references none of the offline tooling, storage or the model assembly (which it finds by name).
/// </summary>
public sealed class CoreAssemblyTests
{
    private static readonly System.Reflection.Assembly Core = typeof(AlignLab.Constitutions.Constitution).Assembly;

    [Theory]
    [InlineData("AlignLab.Evaluation")]
    [InlineData("AlignLab.Storage")]
    [InlineData("AlignLab.Runtime")]
    [InlineData("AlignLab.Classifier.Default")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    public void The_core_does_not_reference(string assembly) =>
        Assert.DoesNotContain(assembly, Core.GetReferencedAssemblies().Select(a => a.Name));

    [Fact]
    public void The_core_has_no_evaluation_training_dataset_or_sandbox_types()
    {
        string[] offline = ["AlignLab.Evaluation", "AlignLab.Adversarial", "AlignLab.Metrics", "AlignLab.Classification.Data", "AlignLab.Runtime"];

        var misplaced = Core.GetTypes()
            .Where(t => t.Namespace is { } ns && offline.Any(o => ns == o || ns.StartsWith(o + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(misplaced);
        Assert.Null(Core.GetType("AlignLab.Classification.SafetyModelTrainer"));
        Assert.Null(Core.GetType("AlignLab.Classification.ClassifierEvaluator"));
    }

    [Fact]
    public void The_core_embeds_the_default_constitution_but_no_model_and_no_eval_data() =>
        Assert.Equal(["AlignLab.default_constitution.yaml"], Core.GetManifestResourceNames());

    [Fact]
    public void The_core_stays_small()
    {
        var size = new FileInfo(Core.Location).Length;
        Assert.True(size <= 2 * 1024 * 1024, $"AlignLab.dll is {size:N0} bytes");
    }

    [Fact]
    public void The_default_model_comes_from_its_own_assembly()
    {
        Assert.NotNull(SafetyClassifier.Default);
        Assert.NotSame(Core, System.Reflection.Assembly.Load(DefaultModelSource.AssemblyName));
    }
}
