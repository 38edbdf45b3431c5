namespace AlignLab.Normalization;

/// <summary>
/// Switches and limits for <see cref="TextNormalizer"/>. All transforms are enabled by default.
/// A <see cref="TextNormalizer"/> copies the options when it is constructed, so later changes do not affect it.
/// </summary>
public sealed class NormalizationOptions
{
    /// <summary>Fold compatibility characters (fullwidth, mathematical alphanumerics, ligatures, circled letters) with NFKC semantics.</summary>
    public bool FoldCompatibility { get; set; } = true;

    /// <summary>
    /// Remove zero-width and invisible characters (ZWSP, ZWJ, word joiner, BOM, soft hyphen, variation selectors, tag characters…)
    /// and C0/C1 control characters other than tab, line feed and carriage return.
    /// </summary>
    public bool RemoveInvisibleCharacters { get; set; } = true;

    /// <summary>Remove bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).</summary>
    public bool RemoveBidiControls { get; set; } = true;

    /// <summary>Fold letters that look like Latin letters (Cyrillic, Greek, Armenian, Cherokee, small capitals…) to ASCII.</summary>
    public bool FoldHomoglyphs { get; set; } = true;

    /// <summary>Strip combining marks (accents, Zalgo stacks) and fold letters with a stroke (ø, ł, đ).</summary>
    public bool StripDiacritics { get; set; } = true;

    /// <summary>Fold leetspeak digits and symbols inside words (h4ck → hack). See <see cref="TextNormalizer"/> for the exact rule.</summary>
    public bool FoldLeetspeak { get; set; } = true;

    /// <summary>
    /// Add a leetspeak view, folded aggressively (5crip7 → script, 70 → to), when the text as a whole reads as
    /// leetspeak. The primary view keeps the conservative fold of <see cref="FoldLeetspeak"/>.
    /// </summary>
    public bool AddLeetspeakView { get; set; } = true;

    /// <summary>Join runs of at least three single letters separated by one consistent separator (h.a.c.k → hack).</summary>
    public bool CollapseSpacedLetters { get; set; } = true;

    /// <summary>Decode embedded base64 segments into extra views.</summary>
    public bool DecodeBase64 { get; set; } = true;

    /// <summary>Decode embedded hexadecimal segments into extra views.</summary>
    public bool DecodeHex { get; set; } = true;

    /// <summary>Detect rot13-encoded words and add a rot13 view.</summary>
    public bool DecodeRot13 { get; set; } = true;

    /// <summary>Join a request cut into quoted string variables (<c>a = "how to"</c>, <c>z = a + b</c>) into a payload_split view.</summary>
    public bool ReassemblePayloadSplits { get; set; } = true;

    /// <summary>Minimum length, in characters without padding, of a base64 segment (default 12).</summary>
    public int MinEncodedLength { get; set; } = 12;

    /// <summary>Minimum number of hex digits in a hexadecimal segment (default 8).</summary>
    public int MinHexDigits { get; set; } = 8;

    /// <summary>How many levels of encoding are unwrapped (default 2: base64 of base64). 0 disables decoding.</summary>
    public int MaxDecodeDepth { get; set; } = 2;

    /// <summary>Maximum number of decoded views (base64 and hex, all depths together) per input (default 16).</summary>
    public int MaxDecodedSegments { get; set; } = 16;

    /// <summary>
    /// Maximum number of events kept per view (default 4096). Past it, further changes of a kind are merged
    /// into the last event of that kind, whose span grows to cover them, so memory stays bounded on huge inputs.
    /// </summary>
    public int MaxEvents { get; set; } = 4096;

    /// <summary>Use the SIMD fast path for pure ASCII input (internal switch so tests can compare both paths).</summary>
    internal bool UseAsciiFastPath { get; set; } = true;

    /// <summary>Returns the problems with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinEncodedLength < 4)
        {
            errors.Add($"{nameof(MinEncodedLength)} must be at least 4 (was {MinEncodedLength}).");
        }

        if (MinHexDigits < 4 || MinHexDigits % 2 != 0)
        {
            errors.Add($"{nameof(MinHexDigits)} must be an even number of at least 4 (was {MinHexDigits}).");
        }

        if (MaxDecodeDepth is < 0 or > 8)
        {
            errors.Add($"{nameof(MaxDecodeDepth)} must be between 0 and 8 (was {MaxDecodeDepth}).");
        }

        if (MaxDecodedSegments < 0)
        {
            errors.Add($"{nameof(MaxDecodedSegments)} must not be negative (was {MaxDecodedSegments}).");
        }

        if (MaxEvents < 1)
        {
            errors.Add($"{nameof(MaxEvents)} must be at least 1 (was {MaxEvents}).");
        }

        return errors;
    }

    /// <summary>Returns an independent copy of these options.</summary>
    public NormalizationOptions Clone() => (NormalizationOptions)MemberwiseClone();
}
