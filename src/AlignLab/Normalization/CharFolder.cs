using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace AlignLab.Normalization;

/// <summary>
/// Folds single non-ASCII code points (compatibility decomposition, combining-mark removal, homoglyphs,
/// invisible characters, lower-casing) and caches the result per code point. Thread-safe: cache writes are
/// idempotent reference stores.
/// </summary>
internal sealed class CharFolder
{
    private const int MaxAstralCacheEntries = 4096;

    // One folder per combination of the five character-level switches, shared by all normalisers.
    private static readonly CharFolder?[] Shared = new CharFolder?[32];

    private readonly NormalizationOptions _options;
    private readonly FoldInfo?[] _bmp = new FoldInfo?[0x10000];
    private readonly ConcurrentDictionary<int, FoldInfo> _astral = new();

    public CharFolder(NormalizationOptions options) => _options = options.Clone();

    /// <summary>The shared folder for the character-level switches of <paramref name="options"/>.</summary>
    public static CharFolder For(NormalizationOptions options)
    {
        var key = (options.FoldCompatibility ? 1 : 0) | (options.RemoveInvisibleCharacters ? 2 : 0) | (options.RemoveBidiControls ? 4 : 0)
            | (options.FoldHomoglyphs ? 8 : 0) | (options.StripDiacritics ? 16 : 0);
        var folder = Volatile.Read(ref Shared[key]);
        if (folder is null)
        {
            Interlocked.CompareExchange(ref Shared[key], new CharFolder(options), null);
            folder = Volatile.Read(ref Shared[key])!;
        }

        return folder;
    }

    /// <summary>Returns the fold of a Unicode scalar value (not a surrogate).</summary>
    public FoldInfo Get(int codePoint)
    {
        if (codePoint < 0x10000)
        {
            return _bmp[codePoint] ??= Compute(codePoint);
        }

        if (_astral.TryGetValue(codePoint, out var cached))
        {
            return cached;
        }

        var info = Compute(codePoint);
        if (_astral.Count < MaxAstralCacheEntries)
        {
            _astral.TryAdd(codePoint, info);
        }

        return info;
    }

    private FoldInfo Compute(int codePoint)
    {
        var o = _options;
        var self = char.ConvertFromUtf32(codePoint);

        if (CharacterTables.TryGetRemoval(codePoint, out var removalKind, out var removalName))
        {
            var enabled = removalKind == TransformKind.BidiControl ? o.RemoveBidiControls : o.RemoveInvisibleCharacters;
            if (enabled)
            {
                return new FoldInfo(FoldAction.Remove, string.Empty, 1 << (int)removalKind, $"removed {Hex(codePoint)} {removalName}", false);
            }
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (o.StripDiacritics && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return new FoldInfo(FoldAction.Mark, string.Empty, 1 << (int)TransformKind.Diacritic, $"removed combining mark {Hex(codePoint)}", false);
        }

        if (TryTable(codePoint, out var tableAscii, out var tableKind, out var tableName))
        {
            return new FoldInfo(FoldAction.Replace, tableAscii, 1 << (int)tableKind, $"{Hex(codePoint)} {tableName} -> {tableAscii}", false);
        }

        var kinds = 0;
        string decomposed;
        try
        {
            if (o.FoldCompatibility)
            {
                decomposed = self.Normalize(o.StripDiacritics ? NormalizationForm.FormKD : NormalizationForm.FormKC);
                var canonical = self.Normalize(o.StripDiacritics ? NormalizationForm.FormD : NormalizationForm.FormC);
                if (!string.Equals(decomposed, canonical, StringComparison.Ordinal))
                {
                    kinds |= 1 << (int)TransformKind.UnicodeCompatibility;
                }
            }
            else
            {
                decomposed = o.StripDiacritics ? self.Normalize(NormalizationForm.FormD) : self;
            }
        }
        catch (ArgumentException)
        {
            decomposed = self;
        }

        var sb = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var cat = Rune.GetUnicodeCategory(rune);
            if (o.StripDiacritics && cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                kinds |= 1 << (int)TransformKind.Diacritic;
                continue;
            }

            if (rune.Value != codePoint && TryTable(rune.Value, out var ascii, out var kind, out _))
            {
                sb.Append(ascii);
                kinds |= 1 << (int)kind;
                continue;
            }

            var lower = Rune.ToLowerInvariant(rune);
            if (lower != rune && TryTable(lower.Value, out ascii, out kind, out _))
            {
                sb.Append(ascii);
                kinds |= 1 << (int)kind;
                continue;
            }

            if (cat == UnicodeCategory.SpaceSeparator)
            {
                // Every kind of space becomes an ASCII space (NFKC already does this for most of them).
                sb.Append(' ');
                continue;
            }

            sb.Append(lower.ToString());
        }

        var output = sb.ToString();
        if (output.Length > 1 && !Ascii.IsValid(output))
        {
            try
            {
                // Recompose what survived (e.g. Hangul jamo) so the output keeps NFKC semantics.
                output = output.Normalize(NormalizationForm.FormC);
            }
            catch (ArgumentException)
            {
                // Keep the decomposed form.
            }
        }

        var identity = string.Equals(output, self, StringComparison.Ordinal);
        var detail = kinds == 0 ? string.Empty : $"{Hex(codePoint)} '{self}' -> {output}";
        return new FoldInfo(FoldAction.Replace, output, kinds, detail, identity);
    }

    private bool TryTable(int codePoint, out string ascii, out TransformKind kind, out string name)
    {
        if (!CharacterTables.TryGetLetterFold(codePoint, out ascii, out kind, out name))
        {
            return false;
        }

        return kind switch
        {
            TransformKind.Homoglyph => _options.FoldHomoglyphs,
            TransformKind.Diacritic => _options.StripDiacritics,
            _ => _options.FoldCompatibility,
        };
    }

    private static string Hex(int codePoint) => "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
}
