namespace AlignLab.Server.Tests.OpenAi;

/// <summary>Tests that time streams run alone, so other tests' work does not land inside their measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StreamingLatencyCollection
{
    public const string Name = "streaming latency";
}
