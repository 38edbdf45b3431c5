using System.Globalization;

namespace AlignLab.Cli.Commands;

/// <summary>
/// The directory of one <c>alignlab eval</c> run, held exclusively for as long as the run lasts, so that two runs never
/// append to the same results.jsonl. A default directory (<c>eval-results/&lt;run id&gt;</c> in the AlignLab home) is
/// claimed by creating its lock file with <see cref="FileMode.CreateNew"/> (atomic across processes); when another run
/// holds that second's name, or a finished run left files there, the next free <c>-2</c>, <c>-3</c>, … suffix is taken.
/// An explicit <c>--output</c> directory is locked instead: a second run into it while the first is still going is
/// refused. The lock file is deleted when the run ends, whether it finished, failed or was cancelled; one left by a killed
/// process holds no lock, so an explicit directory is taken over and a default name is skipped.
/// </summary>
internal sealed class EvalRunDirectory : IDisposable
{
    /// <summary>The lock file inside the run directory, there only while a run holds the directory.</summary>
    public const string LockFile = ".alignlab-eval.lock";

    private const int MaxSuffix = 10_000;

    private readonly FileStream _lock;
    private bool _disposed;

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
                stream = OpenLock(dir, FileMode.CreateNew);
            }
            catch (IOException)
            {
                continue; // another run holds this one (or a killed run left its lock file)
            }

            var claimed = new EvalRunDirectory(dir, id, stream);
            if (Directory.EnumerateFileSystemEntries(dir).Any(e => !System.IO.Path.GetFileName(e).Equals(LockFile, StringComparison.Ordinal)))
            {
                claimed.Dispose(); // a finished run's directory: leave it alone (and delete our lock file again)
                continue;
            }

            return claimed;
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
            return new EvalRunDirectory(dir, runId, OpenLock(dir, FileMode.OpenOrCreate));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new CliUsageException($"{dir} is in use by another 'alignlab eval' run: wait for it to finish, or choose another --output");
        }
    }

    /// <summary>Deletes the lock file and releases the directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!OperatingSystem.IsWindows())
        {
            // Unlinked while still held, so no other run can lock this file in between; Windows deletes it on close.
            try
            {
                File.Delete(_lock.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read-only or vanished directory: the lock is released below all the same.
            }
        }

        _lock.Dispose();
    }

    // FileShare.None is an exclusive lock: flock(LOCK_EX) on Unix, a share mode on Windows. DeleteOnClose only on Windows:
    // on Unix .NET imitates it by unlinking when a handle closes, which would delete another run's lock file when opening
    // it fails because that run holds it.
    private static FileStream OpenLock(string dir, FileMode mode) =>
        new(System.IO.Path.Combine(dir, LockFile), mode, FileAccess.ReadWrite, FileShare.None, bufferSize: 1,
            OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
}
