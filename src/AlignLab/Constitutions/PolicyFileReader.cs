namespace AlignLab.Constitutions;

/// <summary>
/// Reads a policy file with its size capped before and during the read: a file that claims to be small but keeps
/// going (/dev/zero, /dev/urandom, a growing file) stops at the cap instead of filling memory.
/// </summary>
internal static class PolicyFileReader
{
    private const int Chunk = 64 * 1024;

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> bytes of <paramref name="fullPath"/>. With <paramref name="regularOnly"/>
    /// (includes) a symbolic link is followed and anything with no size on disk is refused without being opened:
    /// devices, pipes (whose open would wait for a writer), sockets and /proc files. The file given on a command line
    /// may be a pipe (<c>validate &lt;(…)</c>), so there only the cap applies.
    /// </summary>
    /// <remarks><paramref name="size"/> is -1 when the file turned out larger than it said and the read stopped at the cap.</remarks>
    /// <exception cref="IOException">The file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static PolicyFileProblem Read(string fullPath, long maxBytes, bool regularOnly, out byte[] bytes, out long size)
    {
        bytes = [];
        size = 0;
        if (Directory.Exists(fullPath))
        {
            return PolicyFileProblem.Directory;
        }

        FileSystemInfo info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            return PolicyFileProblem.NotFound;
        }

        if (regularOnly && info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists)
            {
                return target is DirectoryInfo { Exists: true } ? PolicyFileProblem.Directory : PolicyFileProblem.NotFound;
            }

            info = target;
        }

        size = info is FileInfo file ? file.Length : 0;
        if (size > maxBytes)
        {
            return PolicyFileProblem.TooLarge;
        }

        if (regularOnly && size == 0)
        {
            return PolicyFileProblem.NotRegular;
        }

        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[(int)Math.Min(Math.Max(size, Chunk), maxBytes) + 1];
        var total = 0;
        while (true)
        {
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > maxBytes)
            {
                size = -1; // more than the cap; how much more is not read
                return PolicyFileProblem.TooLarge;
            }

            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
            }
        }

        size = total;
        bytes = buffer.AsSpan(0, total).ToArray();
        return PolicyFileProblem.None;
    }
}
