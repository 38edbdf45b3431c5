namespace AlignLab.Normalization;

/// <summary>The kind of de-obfuscation step that produced a <see cref="NormalizationEvent"/>.</summary>
public enum TransformKind
{
    /// <summary>Compatibility folding (NFKC semantics): fullwidth forms, mathematical letters, ligatures, circled letters, ß → ss…</summary>
    UnicodeCompatibility,

    /// <summary>A zero-width or otherwise invisible character was removed.</summary>
    InvisibleCharacter,

    /// <summary>A bidirectional control character was removed.</summary>
    BidiControl,

    /// <summary>A letter that looks like a Latin letter (Cyrillic а, Greek ο…) was folded to that Latin letter.</summary>
    Homoglyph,

    /// <summary>Combining marks (accents, Zalgo stacks) were removed or a letter with a stroke was folded.</summary>
    Diacritic,

    /// <summary>Digits or symbols used as letters (h4ck, $h00t) were folded to letters.</summary>
    Leetspeak,

    /// <summary>Letters separated by a space or punctuation (h.a.c.k) were joined.</summary>
    SpacedLetters,

    /// <summary>A base64 segment was decoded into an extra view.</summary>
    Base64,

    /// <summary>A hexadecimal segment was decoded into an extra view.</summary>
    Hex,

    /// <summary>Rot13-encoded words were decoded into an extra view.</summary>
    Rot13,

    /// <summary>A request cut into quoted string variables and joined again ("a = \"how to\" … z = a + b").</summary>
    PayloadSplit,
}
