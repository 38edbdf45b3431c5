using AlignLab.Server.Operations;

namespace AlignLab.Cli.Commands;

/// <summary>Opens the policy history / A/B store named by <c>--audit</c>, turning every way it can fail into a usage error.</summary>
internal static class OperationsCliStore
{
    public static async Task<IOperationsStore> OpenAsync(string audit, CancellationToken cancellationToken)
    {
        try
        {
            return await OperationsStores.OpenForReadingAsync(audit, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationsStoreException e)
        {
            throw new CliUsageException(e.Message, e);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliUsageException($"--audit: {e.Message}", e);
        }
    }

    /// <summary>Runs a read, turning store failures and malformed versions into usage errors.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (OperationsStoreException e)
        {
            throw new CliUsageException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message, e);
        }
    }
}
