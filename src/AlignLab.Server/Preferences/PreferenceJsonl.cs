using System.Globalization;
using System.Text;
using AlignLab.IO;

namespace AlignLab.Server.Preferences;

/// <summary>
/// The export format of every <see cref="IPreferenceStore"/>: one <c>{"prompt","chosen","rejected","reason","created_at"}</c>
/// object per line (UTF-8, each line ending in a newline), oldest first. Rater and source are not exported.
/// </summary>
public static class PreferenceJsonl
{
    /// <summary>One pair as a JSONL line (with its newline).</summary>
    public static string ToJsonLine(PreferencePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return JsonText.Write(JsonText.Compact, w =>
        {
            w.WriteStartObject();
            w.WriteString("prompt", pair.Prompt);
            w.WriteString("chosen", pair.Chosen);
            w.WriteString("rejected", pair.Rejected);
            w.WriteStringOrNull("reason", pair.Reason);
            w.WriteString("created_at", pair.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }) + "\n";
    }

    /// <summary>Writes <paramref name="pairs"/>, in the order given, to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(IAsyncEnumerable<PreferencePair> pairs, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(output);
        await foreach (var pair in pairs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await output.WriteAsync(Encoding.UTF8.GetBytes(ToJsonLine(pair)), cancellationToken).ConfigureAwait(false);
        }
    }
}
