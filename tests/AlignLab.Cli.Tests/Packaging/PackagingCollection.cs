namespace AlignLab.Cli.Tests.Packaging;

/// <summary>
/// The tests that build, pack and install (tool and library packages) run one after another: each starts several
/// builds, and on two cores they would slow each other past their time-outs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection
{
    public const string Name = "Packaging";
}
