using System.Globalization;
using System.Security.Cryptography;
using AlignLab.Classification;
using AlignLab.Encoders.Heads;
using AlignLab.Encoders.Tiers;

namespace AlignLab.Cli.Commands;

/// <summary>
/// What <c>alignlab eval</c> records about the guard's classifier in run.json, so that <c>--resume</c> never continues a run
/// with another classifier or other tiers: one report then never mixes fast-tier and all-tier decisions.
/// </summary>
internal static class EvalTiers
{
    /// <summary>Hex digits of a digest kept in an identity: enough to tell models apart, short enough to read.</summary>
    private const int DigestChars = 16;

    /// <summary><c>none</c> without a classifier, else <c>sha256:</c> and the start of the saved model's digest.</summary>
    public static string ClassifierIdentity(SafetyClassifier? classifier) =>
        classifier is null ? "none" : "sha256:" + Short(ContextualTier.DigestOf(classifier.Model));

    /// <summary>
    /// <c>fast</c> without the contextual tier; with it, when it is consulted, its head's digest and threshold, and the
    /// encoder folder when one was given (the bundled encoder otherwise).
    /// </summary>
    public static string Describe(ContextualTier? tier, DirectoryInfo? encoderFolder)
    {
        if (tier is null)
        {
            return Evaluation.Orchestration.EvalRunConfig.DefaultTiers;
        }

        using var head = new MemoryStream();
        ContextualHeadFile.Save(tier.Head, head);
        var when = tier.Options.Always
            ? "every text"
            : string.Create(CultureInfo.InvariantCulture, $"fast score in {tier.Options.BandLow:0.###}–{tier.Options.BandHigh:0.###}");
        var digest = Short(Convert.ToHexString(SHA256.HashData(head.ToArray())));
        return string.Create(CultureInfo.InvariantCulture,
            $"fast+contextual ({when}; head sha256:{digest}, threshold {tier.Head.Threshold:0.####}; "
            + $"encoder {encoderFolder?.FullName ?? "bundled"})");
    }

    private static string Short(string hex) => hex[..DigestChars].ToLowerInvariant();
}
