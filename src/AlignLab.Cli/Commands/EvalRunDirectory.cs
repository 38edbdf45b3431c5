using System.Globalization;

namespace AlignLab.Cli.Commands;

/// <summary>
/// The directory of one <c>alignlab eval</c> run, held exclusively for as long as the run lasts, so that two runs never
/// append to the same results.jsonl. A default directory (<c>eval-results/&lt;run id&gt;</c>) is claimed by creating its
/// lock file with <see cref="FileMode.CreateNew"/> (atomic across processes); when another run already claimed that
/// second's name, the next free <c>-2</c>, <c>-3</c>, … suffix is taken. An explicit <c>--output</c> directory is locked
/// instead: a second run into it while the first is still going is refused.
/// </summary>
internal sealed class EvalRunDirectory : IDisposable
{
    /// <summary>The lock file inside the run directory (kept afterwards: it marks the name as taken).</summary>
    public const string LockFile = ".alignlab-eval.lock";

    private const int MaxSuffix = 10_000;

    private readonly FileStream _lock;

    private EvalRunDirectory(string path, string runId, FileStream lockStream)
    {
        Path = path;
        RunId = runId;
        _lock = lockStream;
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The run id: the directory name for a claimed default directory, else the id asked for.</summary>
    public string RunId { get; }

    /// <summary>Claims <c>root/runId</c>, or <c>root/runId-2</c>, <c>-3</c>, … when that is taken.</summary>
    public static EvalRunDirectory Claim(string root, string runId)
    {
        for (var n = 1; n <= MaxSuffix; n++)
        {
            var id = n == 1 ? runId : string.Create(CultureInfo.InvariantCulture, $"{runId}-{n}");
            var dir = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, id));
            Directory.CreateDirectory(dir);
            FileStream stream;
            try
            {
                stream = new FileStream(System.IO.Path.Combine(dir, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // another run has (or had) this one
            }

            if (File.Exists(System.IO.Path.Combine(dir, EvalRun.ResultsFile)))
            {
                stream.Dispose(); // a run written before lock files existed: leave it alone (our lock file marks it as taken)
                continue;
            }

            return new EvalRunDirectory(dir, id, stream);
        }

        throw new CliUsageException($"{System.IO.Path.GetFullPath(root)} already holds {MaxSuffix} runs named {runId}: choose an --output");
    }

    /// <summary>Locks an explicit <c>--output</c> directory (created when missing); refuses when another run holds it.</summary>
    public static EvalRunDirectory Lock(string path, string runId)
    {
        var dir = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(dir);
        try
        {
            var stream = new FileStream(System.IO.Path.Combine(dir, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new EvalRunDirectory(dir, runId, stream);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new CliUsageException($"{dir} is in use by another 'alignlab eval' run: wait for it to finish, or choose another --output");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
