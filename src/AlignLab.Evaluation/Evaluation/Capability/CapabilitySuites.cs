using System.Security.Cryptography;
using System.Text;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Evaluation.Capability;

/// <summary>
/// The capability items <c>alignlab eval --capability</c> runs: small redistributable subsets embedded in the library
/// (<c>data/eval/capability/*.jsonl</c>: GSM8K test, TruthfulQA, HumanEval; helpfulness uses prompts of the bundled
/// <c>benign</c> suite), or the full datasets from a data directory (<see cref="CapabilityDataReader"/>).
/// </summary>
public static class CapabilitySuites
{
    /// <summary>Rows per bundled file, and the number of bundled benign prompts used for helpfulness.</summary>
    public const int BundledGsm8k = 50, BundledTruthfulQa = 50, BundledHumanEval = 40, BundledHelpfulness = 40;

    private const string ResourcePrefix = "AlignLab.capability.";

    /// <summary>The bundled file a task is read from (without extension): <c>gsm8k</c>, <c>truthfulqa</c>, <c>humaneval</c>.</summary>
    public static string? BundledFile(string task) => task switch
    {
        CapabilityTasks.Gsm8k => "gsm8k",
        CapabilityTasks.TruthfulQaMc or CapabilityTasks.TruthfulQaGen => "truthfulqa",
        CapabilityTasks.HumanEval => "humaneval",
        _ => null,
    };

    /// <summary>The bundled items of a task.</summary>
    public static IReadOnlyList<CapabilityItem> Bundled(string task)
    {
        if (task == CapabilityTasks.Helpfulness)
        {
            return [.. BundledSuites.Open(BundledSuites.Benign).Take(BundledHelpfulness)
                .Select(c => new CapabilityItem(c.Id, CapabilityTasks.Helpfulness, c.Text) { Source = c.Source })];
        }

        var file = BundledFile(task) ?? throw new ArgumentException($"unknown capability task '{task}'", nameof(task));
        using var stream = typeof(CapabilitySuites).Assembly.GetManifestResourceStream(ResourcePrefix + file + ".jsonl")
            ?? throw new InvalidOperationException($"the bundled capability file '{file}' is missing from this build (resource {ResourcePrefix}{file}.jsonl)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var items = CapabilityItemJson.Read(reader, "bundled:capability/" + file).ToList();
        return task == CapabilityTasks.TruthfulQaGen ? [.. items.Select(i => i with { Task = task })] : items;
    }

    /// <summary>
    /// The items of <paramref name="task"/>: from <paramref name="dataDirectory"/> when given, else bundled; at most
    /// <paramref name="limit"/> of them (a fixed pseudo-random subset, see <see cref="Subset"/>).
    /// </summary>
    public static IReadOnlyList<CapabilityItem> Load(string task, string? dataDirectory = null, int? limit = null)
    {
        var items = dataDirectory is null ? Bundled(task) : CapabilityDataReader.Read(dataDirectory, task);
        return limit is { } n && n < items.Count ? Subset(items, n, task) : items;
    }

    /// <summary>
    /// A deterministic subset of <paramref name="count"/> items: ordered by SHA-256 of
    /// <c>alignlab-capability/{salt}/{id}</c>, the first <paramref name="count"/> taken, returned in their original order.
    /// The bundled files were chosen this way from the upstream files.
    /// </summary>
    public static IReadOnlyList<CapabilityItem> Subset(IReadOnlyList<CapabilityItem> items, int count, string salt)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var chosen = items.Select((item, index) => (item, index))
            .OrderBy(x => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"alignlab-capability/{salt}/{x.item.Id}"))), StringComparer.Ordinal)
            .Take(count)
            .OrderBy(x => x.index);
        return [.. chosen.Select(x => x.item)];
    }
}
