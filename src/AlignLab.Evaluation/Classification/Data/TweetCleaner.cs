using System.Net;
using System.Text.RegularExpressions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Removes the marks that make a tweet look like a tweet (survey §2, hate-speech-offensive): HTML entities are
/// decoded, then <c>RT</c> markers, @mentions, URLs (also truncated ones such as <c>http…</c>) and the opening quote they leave are stripped, and whitespace is collapsed. Applied to every class
/// so that "looks like a tweet" is not a feature.
/// </summary>
internal static partial class TweetCleaner
{
    public static string Clean(string tweet)
    {
        var t = WebUtility.HtmlDecode(tweet);
        t = Url().Replace(t, " ");
        t = Retweet().Replace(t, " ");
        t = Mention().Replace(t, " ");
        t = Spaces().Replace(t, " ").Trim().Trim(':').Trim();

        // A quoted retweet ("@user: text") leaves an opening quote followed by a space.
        return t.StartsWith("\" ", StringComparison.Ordinal) ? t[2..].TrimStart() : t;
    }

    [GeneratedRegex(@"\b(?:https?|www\.|pic\.twitter\.com/|t\.co/)\S*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"\bRT\b:?", RegexOptions.CultureInvariant)]
    private static partial Regex Retweet();

    [GeneratedRegex(@"@\w+:?", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
