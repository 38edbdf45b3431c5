namespace AlignLab.Normalization;

/// <summary>
/// Hand-written character tables: letters that look like Latin letters (homoglyphs), letters with a stroke and
/// ligatures that have no Unicode decomposition, and invisible / bidi control characters (including the C0 and C1 controls).
/// </summary>
internal static class CharacterTables
{
    // (code point, ASCII replacement, kind, Unicode name). Only letters whose glyph looks like the Latin letter.
    private static readonly (int CodePoint, string Ascii, TransformKind Kind, string Name)[] LetterFolds =
    [
        (0x0131, "i", TransformKind.Homoglyph, "LATIN SMALL LETTER DOTLESS I"),
        (0x01C0, "l", TransformKind.Homoglyph, "LATIN LETTER DENTAL CLICK"),
        (0x0237, "j", TransformKind.Homoglyph, "LATIN SMALL LETTER DOTLESS J"),
        (0x0251, "a", TransformKind.Homoglyph, "LATIN SMALL LETTER ALPHA"),
        (0x025B, "e", TransformKind.Homoglyph, "LATIN SMALL LETTER OPEN E"),
        (0x0261, "g", TransformKind.Homoglyph, "LATIN SMALL LETTER SCRIPT G"),
        (0x0262, "g", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL G"),
        (0x0269, "i", TransformKind.Homoglyph, "LATIN SMALL LETTER IOTA"),
        (0x026A, "i", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL I"),
        (0x0274, "n", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL N"),
        (0x0280, "r", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL R"),
        (0x028F, "y", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL Y"),
        (0x0299, "b", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL B"),
        (0x029C, "h", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL H"),
        (0x029F, "l", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL L"),
        (0x037F, "j", TransformKind.Homoglyph, "GREEK CAPITAL LETTER YOT"),
        (0x0391, "a", TransformKind.Homoglyph, "GREEK CAPITAL LETTER ALPHA"),
        (0x0392, "b", TransformKind.Homoglyph, "GREEK CAPITAL LETTER BETA"),
        (0x0395, "e", TransformKind.Homoglyph, "GREEK CAPITAL LETTER EPSILON"),
        (0x0396, "z", TransformKind.Homoglyph, "GREEK CAPITAL LETTER ZETA"),
        (0x0397, "h", TransformKind.Homoglyph, "GREEK CAPITAL LETTER ETA"),
        (0x0399, "i", TransformKind.Homoglyph, "GREEK CAPITAL LETTER IOTA"),
        (0x039A, "k", TransformKind.Homoglyph, "GREEK CAPITAL LETTER KAPPA"),
        (0x039C, "m", TransformKind.Homoglyph, "GREEK CAPITAL LETTER MU"),
        (0x039D, "n", TransformKind.Homoglyph, "GREEK CAPITAL LETTER NU"),
        (0x039F, "o", TransformKind.Homoglyph, "GREEK CAPITAL LETTER OMICRON"),
        (0x03A1, "p", TransformKind.Homoglyph, "GREEK CAPITAL LETTER RHO"),
        (0x03A4, "t", TransformKind.Homoglyph, "GREEK CAPITAL LETTER TAU"),
        (0x03A5, "y", TransformKind.Homoglyph, "GREEK CAPITAL LETTER UPSILON"),
        (0x03A7, "x", TransformKind.Homoglyph, "GREEK CAPITAL LETTER CHI"),
        (0x03B1, "a", TransformKind.Homoglyph, "GREEK SMALL LETTER ALPHA"),
        (0x03B2, "b", TransformKind.Homoglyph, "GREEK SMALL LETTER BETA"),
        (0x03B3, "y", TransformKind.Homoglyph, "GREEK SMALL LETTER GAMMA"),
        (0x03B5, "e", TransformKind.Homoglyph, "GREEK SMALL LETTER EPSILON"),
        (0x03B7, "n", TransformKind.Homoglyph, "GREEK SMALL LETTER ETA"),
        (0x03B9, "i", TransformKind.Homoglyph, "GREEK SMALL LETTER IOTA"),
        (0x03BA, "k", TransformKind.Homoglyph, "GREEK SMALL LETTER KAPPA"),
        (0x03BD, "v", TransformKind.Homoglyph, "GREEK SMALL LETTER NU"),
        (0x03BF, "o", TransformKind.Homoglyph, "GREEK SMALL LETTER OMICRON"),
        (0x03C1, "p", TransformKind.Homoglyph, "GREEK SMALL LETTER RHO"),
        (0x03C4, "t", TransformKind.Homoglyph, "GREEK SMALL LETTER TAU"),
        (0x03C5, "u", TransformKind.Homoglyph, "GREEK SMALL LETTER UPSILON"),
        (0x03C7, "x", TransformKind.Homoglyph, "GREEK SMALL LETTER CHI"),
        (0x03C9, "w", TransformKind.Homoglyph, "GREEK SMALL LETTER OMEGA"),
        (0x03F2, "c", TransformKind.Homoglyph, "GREEK LUNATE SIGMA SYMBOL"),
        (0x03F3, "j", TransformKind.Homoglyph, "GREEK LETTER YOT"),
        (0x03F9, "c", TransformKind.Homoglyph, "GREEK CAPITAL LUNATE SIGMA SYMBOL"),
        (0x0405, "s", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER DZE"),
        (0x0406, "i", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I"),
        (0x0408, "j", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER JE"),
        (0x0410, "a", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER A"),
        (0x0412, "b", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER VE"),
        (0x0415, "e", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER IE"),
        (0x041A, "k", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER KA"),
        (0x041C, "m", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER EM"),
        (0x041D, "h", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER EN"),
        (0x041E, "o", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER O"),
        (0x0420, "p", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER ER"),
        (0x0421, "c", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER ES"),
        (0x0422, "t", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER TE"),
        (0x0423, "y", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER U"),
        (0x0425, "x", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER HA"),
        (0x042C, "b", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER SOFT SIGN"),
        (0x0430, "a", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER A"),
        (0x0432, "b", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER VE"),
        (0x0435, "e", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER IE"),
        (0x043A, "k", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER KA"),
        (0x043C, "m", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER EM"),
        (0x043D, "h", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER EN"),
        (0x043E, "o", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER O"),
        (0x0440, "p", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER ER"),
        (0x0441, "c", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER ES"),
        (0x0442, "t", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER TE"),
        (0x0443, "y", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER U"),
        (0x0445, "x", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER HA"),
        (0x044C, "b", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER SOFT SIGN"),
        (0x0455, "s", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER DZE"),
        (0x0456, "i", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"),
        (0x0458, "j", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER JE"),
        (0x0461, "w", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER OMEGA"),
        (0x0474, "v", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER IZHITSA"),
        (0x0475, "v", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER IZHITSA"),
        (0x04AE, "y", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER STRAIGHT U"),
        (0x04AF, "y", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER STRAIGHT U"),
        (0x04BA, "h", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER SHHA"),
        (0x04BB, "h", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER SHHA"),
        (0x04C0, "l", TransformKind.Homoglyph, "CYRILLIC LETTER PALOCHKA"),
        (0x04CF, "l", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER PALOCHKA"),
        (0x0500, "d", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER KOMI DE"),
        (0x0501, "d", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER KOMI DE"),
        (0x051A, "q", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER QA"),
        (0x051B, "q", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER QA"),
        (0x051C, "w", TransformKind.Homoglyph, "CYRILLIC CAPITAL LETTER WE"),
        (0x051D, "w", TransformKind.Homoglyph, "CYRILLIC SMALL LETTER WE"),
        (0x053C, "l", TransformKind.Homoglyph, "ARMENIAN CAPITAL LETTER LIWN"),
        (0x054D, "u", TransformKind.Homoglyph, "ARMENIAN CAPITAL LETTER SEH"),
        (0x054F, "s", TransformKind.Homoglyph, "ARMENIAN CAPITAL LETTER TIWN"),
        (0x0555, "o", TransformKind.Homoglyph, "ARMENIAN CAPITAL LETTER OH"),
        (0x0566, "q", TransformKind.Homoglyph, "ARMENIAN SMALL LETTER ZA"),
        (0x0570, "h", TransformKind.Homoglyph, "ARMENIAN SMALL LETTER HO"),
        (0x0578, "n", TransformKind.Homoglyph, "ARMENIAN SMALL LETTER VO"),
        (0x057D, "u", TransformKind.Homoglyph, "ARMENIAN SMALL LETTER SEH"),
        (0x0581, "g", TransformKind.Homoglyph, "ARMENIAN SMALL LETTER CO"),
        (0x0585, "o", TransformKind.Homoglyph, "ARMENIAN SMALL LETTER OH"),
        (0x13A0, "d", TransformKind.Homoglyph, "CHEROKEE LETTER A"),
        (0x13A1, "r", TransformKind.Homoglyph, "CHEROKEE LETTER E"),
        (0x13A2, "t", TransformKind.Homoglyph, "CHEROKEE LETTER I"),
        (0x13A5, "i", TransformKind.Homoglyph, "CHEROKEE LETTER V"),
        (0x13AA, "a", TransformKind.Homoglyph, "CHEROKEE LETTER GO"),
        (0x13AB, "j", TransformKind.Homoglyph, "CHEROKEE LETTER GU"),
        (0x13AC, "e", TransformKind.Homoglyph, "CHEROKEE LETTER GV"),
        (0x13B3, "w", TransformKind.Homoglyph, "CHEROKEE LETTER LA"),
        (0x13B7, "m", TransformKind.Homoglyph, "CHEROKEE LETTER LU"),
        (0x13BB, "h", TransformKind.Homoglyph, "CHEROKEE LETTER MI"),
        (0x13C0, "g", TransformKind.Homoglyph, "CHEROKEE LETTER NAH"),
        (0x13C3, "z", TransformKind.Homoglyph, "CHEROKEE LETTER NO"),
        (0x13D2, "r", TransformKind.Homoglyph, "CHEROKEE LETTER SV"),
        (0x13D4, "w", TransformKind.Homoglyph, "CHEROKEE LETTER TA"),
        (0x13D9, "v", TransformKind.Homoglyph, "CHEROKEE LETTER DO"),
        (0x13DA, "s", TransformKind.Homoglyph, "CHEROKEE LETTER DU"),
        (0x13DE, "l", TransformKind.Homoglyph, "CHEROKEE LETTER TLE"),
        (0x13DF, "c", TransformKind.Homoglyph, "CHEROKEE LETTER TLI"),
        (0x13E2, "p", TransformKind.Homoglyph, "CHEROKEE LETTER TLV"),
        (0x13E6, "k", TransformKind.Homoglyph, "CHEROKEE LETTER TSO"),
        (0x13F4, "b", TransformKind.Homoglyph, "CHEROKEE LETTER YV"),
        (0x1D00, "a", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL A"),
        (0x1D04, "c", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL C"),
        (0x1D05, "d", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL D"),
        (0x1D07, "e", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL E"),
        (0x1D0A, "j", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL J"),
        (0x1D0B, "k", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL K"),
        (0x1D0D, "m", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL M"),
        (0x1D0F, "o", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL O"),
        (0x1D18, "p", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL P"),
        (0x1D1B, "t", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL T"),
        (0x1D1C, "u", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL U"),
        (0x1D20, "v", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL V"),
        (0x1D21, "w", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL W"),
        (0x1D22, "z", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL Z"),
        (0x212E, "e", TransformKind.Homoglyph, "ESTIMATED SYMBOL"),
        (0xA730, "f", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL F"),
        (0xA731, "s", TransformKind.Homoglyph, "LATIN LETTER SMALL CAPITAL S"),
        (0x00C6, "ae", TransformKind.UnicodeCompatibility, "LATIN CAPITAL LETTER AE"),
        (0x00D0, "d", TransformKind.Diacritic, "LATIN CAPITAL LETTER ETH"),
        (0x00D8, "o", TransformKind.Diacritic, "LATIN CAPITAL LETTER O WITH STROKE"),
        (0x00DF, "ss", TransformKind.UnicodeCompatibility, "LATIN SMALL LETTER SHARP S"),
        (0x00E6, "ae", TransformKind.UnicodeCompatibility, "LATIN SMALL LETTER AE"),
        (0x00F0, "d", TransformKind.Diacritic, "LATIN SMALL LETTER ETH"),
        (0x00F8, "o", TransformKind.Diacritic, "LATIN SMALL LETTER O WITH STROKE"),
        (0x0110, "d", TransformKind.Diacritic, "LATIN CAPITAL LETTER D WITH STROKE"),
        (0x0111, "d", TransformKind.Diacritic, "LATIN SMALL LETTER D WITH STROKE"),
        (0x0126, "h", TransformKind.Diacritic, "LATIN CAPITAL LETTER H WITH STROKE"),
        (0x0127, "h", TransformKind.Diacritic, "LATIN SMALL LETTER H WITH STROKE"),
        (0x0141, "l", TransformKind.Diacritic, "LATIN CAPITAL LETTER L WITH STROKE"),
        (0x0142, "l", TransformKind.Diacritic, "LATIN SMALL LETTER L WITH STROKE"),
        (0x0152, "oe", TransformKind.UnicodeCompatibility, "LATIN CAPITAL LIGATURE OE"),
        (0x0153, "oe", TransformKind.UnicodeCompatibility, "LATIN SMALL LIGATURE OE"),
        (0x0166, "t", TransformKind.Diacritic, "LATIN CAPITAL LETTER T WITH STROKE"),
        (0x0167, "t", TransformKind.Diacritic, "LATIN SMALL LETTER T WITH STROKE"),
        (0x0180, "b", TransformKind.Diacritic, "LATIN SMALL LETTER B WITH STROKE"),
        (0x0268, "i", TransformKind.Diacritic, "LATIN SMALL LETTER I WITH STROKE"),
        (0x1E9E, "ss", TransformKind.UnicodeCompatibility, "LATIN CAPITAL LETTER SHARP S"),    ];

    // Single code points removed from the text.
    private static readonly (int CodePoint, TransformKind Kind, string Name)[] Removals =
    [
        (0x00AD, TransformKind.InvisibleCharacter, "SOFT HYPHEN"),
        (0x034F, TransformKind.InvisibleCharacter, "COMBINING GRAPHEME JOINER"),
        (0x115F, TransformKind.InvisibleCharacter, "HANGUL CHOSEONG FILLER"),
        (0x1160, TransformKind.InvisibleCharacter, "HANGUL JUNGSEONG FILLER"),
        (0x17B4, TransformKind.InvisibleCharacter, "KHMER VOWEL INHERENT AQ"),
        (0x17B5, TransformKind.InvisibleCharacter, "KHMER VOWEL INHERENT AA"),
        (0x180E, TransformKind.InvisibleCharacter, "MONGOLIAN VOWEL SEPARATOR"),
        (0x200B, TransformKind.InvisibleCharacter, "ZERO WIDTH SPACE"),
        (0x200C, TransformKind.InvisibleCharacter, "ZERO WIDTH NON-JOINER"),
        (0x200D, TransformKind.InvisibleCharacter, "ZERO WIDTH JOINER"),
        (0x2060, TransformKind.InvisibleCharacter, "WORD JOINER"),
        (0x2061, TransformKind.InvisibleCharacter, "FUNCTION APPLICATION"),
        (0x2062, TransformKind.InvisibleCharacter, "INVISIBLE TIMES"),
        (0x2063, TransformKind.InvisibleCharacter, "INVISIBLE SEPARATOR"),
        (0x2064, TransformKind.InvisibleCharacter, "INVISIBLE PLUS"),
        (0x206A, TransformKind.InvisibleCharacter, "INHIBIT SYMMETRIC SWAPPING"),
        (0x206B, TransformKind.InvisibleCharacter, "ACTIVATE SYMMETRIC SWAPPING"),
        (0x206C, TransformKind.InvisibleCharacter, "INHIBIT ARABIC FORM SHAPING"),
        (0x206D, TransformKind.InvisibleCharacter, "ACTIVATE ARABIC FORM SHAPING"),
        (0x206E, TransformKind.InvisibleCharacter, "NATIONAL DIGIT SHAPES"),
        (0x206F, TransformKind.InvisibleCharacter, "NOMINAL DIGIT SHAPES"),
        (0x3164, TransformKind.InvisibleCharacter, "HANGUL FILLER"),
        (0xFEFF, TransformKind.InvisibleCharacter, "ZERO WIDTH NO-BREAK SPACE"),
        (0xFFA0, TransformKind.InvisibleCharacter, "HALFWIDTH HANGUL FILLER"),
        (0xFFF9, TransformKind.InvisibleCharacter, "INTERLINEAR ANNOTATION ANCHOR"),
        (0xFFFA, TransformKind.InvisibleCharacter, "INTERLINEAR ANNOTATION SEPARATOR"),
        (0xFFFB, TransformKind.InvisibleCharacter, "INTERLINEAR ANNOTATION TERMINATOR"),
        (0x061C, TransformKind.BidiControl, "ARABIC LETTER MARK"),
        (0x200E, TransformKind.BidiControl, "LEFT-TO-RIGHT MARK"),
        (0x200F, TransformKind.BidiControl, "RIGHT-TO-LEFT MARK"),
        (0x202A, TransformKind.BidiControl, "LEFT-TO-RIGHT EMBEDDING"),
        (0x202B, TransformKind.BidiControl, "RIGHT-TO-LEFT EMBEDDING"),
        (0x202C, TransformKind.BidiControl, "POP DIRECTIONAL FORMATTING"),
        (0x202D, TransformKind.BidiControl, "LEFT-TO-RIGHT OVERRIDE"),
        (0x202E, TransformKind.BidiControl, "RIGHT-TO-LEFT OVERRIDE"),
        (0x2066, TransformKind.BidiControl, "LEFT-TO-RIGHT ISOLATE"),
        (0x2067, TransformKind.BidiControl, "RIGHT-TO-LEFT ISOLATE"),
        (0x2068, TransformKind.BidiControl, "FIRST STRONG ISOLATE"),
        (0x2069, TransformKind.BidiControl, "POP DIRECTIONAL ISOLATE"),    ];

    // Unicode name aliases of the C0 controls (tab, line feed and carriage return are kept, never looked up).
    private static readonly string[] C0Names =
    [
        "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE", "ALERT",
        "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
        "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR",
        "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
        "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE",
    ];

    // Unicode name aliases of the C1 controls U+0080–U+009F.
    private static readonly string[] C1Names =
    [
        "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX", "NEXT LINE", "START OF SELECTED AREA",
        "END OF SELECTED AREA", "CHARACTER TABULATION SET", "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET",
        "PARTIAL LINE FORWARD", "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE",
        "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE", "CANCEL CHARACTER", "MESSAGE WAITING",
        "START OF GUARDED AREA", "END OF GUARDED AREA", "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER",
        "SINGLE CHARACTER INTRODUCER", "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND",
        "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND",
    ];

    private static readonly Dictionary<int, int> LetterIndex = BuildIndex(LetterFolds.Select(e => e.CodePoint));
    private static readonly Dictionary<int, int> RemovalIndex = BuildIndex(Removals.Select(e => e.CodePoint));

    /// <summary>
    /// Looks up a letter fold: the table above, Cherokee small letters (folded onto their capitals), regional
    /// indicator symbols and negative circled / squared Latin letters.
    /// </summary>
    public static bool TryGetLetterFold(int codePoint, out string ascii, out TransformKind kind, out string name)
    {
        if (LetterIndex.TryGetValue(codePoint, out var index))
        {
            (_, ascii, kind, name) = LetterFolds[index];
            return true;
        }

        // Cherokee small letters U+AB70–U+ABBF correspond to U+13A0–U+13EF, U+13F8–U+13FD to U+13F0–U+13F5.
        var capital = codePoint switch
        {
            >= 0xAB70 and <= 0xABBF => codePoint - 0xAB70 + 0x13A0,
            >= 0x13F8 and <= 0x13FD => codePoint - 8,
            _ => -1,
        };
        if (capital >= 0 && LetterIndex.TryGetValue(capital, out index))
        {
            (_, ascii, kind, _) = LetterFolds[index];
            name = "CHEROKEE SMALL LETTER";
            return true;
        }

        (int First, string Name)? enclosed = codePoint switch
        {
            >= 0x1F1E6 and <= 0x1F1FF => (0x1F1E6, "REGIONAL INDICATOR SYMBOL LETTER"),
            >= 0x1F150 and <= 0x1F169 => (0x1F150, "NEGATIVE CIRCLED LATIN CAPITAL LETTER"),
            >= 0x1F170 and <= 0x1F189 => (0x1F170, "NEGATIVE SQUARED LATIN CAPITAL LETTER"),
            _ => null,
        };
        if (enclosed is { } e)
        {
            var letter = (char)('a' + (codePoint - e.First));
            ascii = letter.ToString();
            kind = TransformKind.UnicodeCompatibility;
            name = e.Name + " " + char.ToUpperInvariant(letter);
            return true;
        }

        ascii = string.Empty;
        kind = default;
        name = string.Empty;
        return false;
    }

    /// <summary>
    /// Looks up an invisible or bidi control character, including variation selectors, tag characters and the C0
    /// and C1 control characters (U+0000–U+001F except tab, line feed and carriage return, DEL U+007F, U+0080–U+009F).
    /// </summary>
    public static bool TryGetRemoval(int codePoint, out TransformKind kind, out string name)
    {
        if (RemovalIndex.TryGetValue(codePoint, out var index))
        {
            (_, kind, name) = Removals[index];
            return true;
        }

        kind = TransformKind.InvisibleCharacter;
        switch (codePoint)
        {
            case < 0x20 and not ('\t' or '\n' or '\r'):
                name = "<control> " + C0Names[codePoint];
                return true;
            case 0x7F:
                name = "<control> DELETE";
                return true;
            case >= 0x80 and <= 0x9F:
                name = "<control> " + C1Names[codePoint - 0x80];
                return true;
            case >= 0xFE00 and <= 0xFE0F:
                name = "VARIATION SELECTOR-" + (codePoint - 0xFE00 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case >= 0xE0100 and <= 0xE01EF:
                name = "VARIATION SELECTOR-" + (codePoint - 0xE0100 + 17).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case >= 0xE0000 and <= 0xE007F:
                name = "TAG CHARACTER";
                return true;
            case >= 0x1BCA0 and <= 0x1BCA3:
                name = "SHORTHAND FORMAT CONTROL";
                return true;
            default:
                name = string.Empty;
                return false;
        }
    }

    private static Dictionary<int, int> BuildIndex(IEnumerable<int> codePoints)
    {
        var index = new Dictionary<int, int>();
        var i = 0;
        foreach (var cp in codePoints)
        {
            index[cp] = i++;
        }

        return index;
    }
}
