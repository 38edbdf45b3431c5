namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>A temporary directory for one eval test class, removed afterwards.</summary>
public abstract class EvalTempDir : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("alignlab-eval-").FullName;

    protected string Out(string name) => Path.Combine(Dir, name);

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
