using AlignLab.Normalization;
using static AlignLab.Tests.Normalization.NormalizerExamples;

namespace AlignLab.Tests.Normalization;

/// <summary>Examples of steps 1–4 of the normaliser: compatibility forms, invisible and bidi characters, diacritics, homoglyphs.</summary>
public sealed class CharacterFoldingExampleTests
{
    // ------------------------------------------------------------------ step 1: compatibility folding and lower-casing

    [Theory]
    [InlineData("ＨＡＣＫ", "hack")]
    [InlineData("𝐡𝐚𝐜𝐤", "hack")]
    [InlineData("𝓱𝓪𝓬𝓴", "hack")]
    [InlineData("ⓗⓐⓒⓚ", "hack")]
    [InlineData("🅷🅰🅲🅺", "hack")]
    [InlineData("🇭🇦🇨🇰", "hack")]
    [InlineData("ﬁnd", "find")]
    [InlineData("Straße", "strasse")]
    [InlineData("ＨＥＬＬＯ\u3000ＷＯＲＬＤ", "hello world")]
    [InlineData("a\u00A0b", "a b")]
    public void Compatibility_forms_fold(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
        Assert.Contains(r.Events, e => e.Kind == TransformKind.UnicodeCompatibility);
    }

    [Fact]
    public void Ligature_maps_each_output_character_to_its_source()
    {
        var r = Norm("ﬁnd");
        Assert.Equal("find", r.Primary.Text);
        Assert.Equal(new TextSpan(0, 1), r.Primary.MapToOriginal(0, 1));
        Assert.Equal(new TextSpan(0, 1), r.Primary.MapToOriginal(1, 1));
        Assert.Equal(new TextSpan(1, 1), r.Primary.MapToOriginal(2, 1));
        var e = Assert.Single(r.Events);
        Assert.Equal("U+FB01 'ﬁ' -> fi", e.Detail);
    }

    [Fact]
    public void Astral_letters_map_to_both_code_units()
    {
        var r = Norm("x𝐡y");
        Assert.Equal("xhy", r.Primary.Text);
        Assert.Equal(new TextSpan(1, 2), r.Primary.MapToOriginal(1, 1));
        Assert.Equal(new TextSpan(3, 1), r.Primary.MapToOriginal(2, 1));
    }

    [Fact]
    public void Non_latin_text_is_kept_lower_cased()
    {
        var r = Norm("Привет 世界 ДЖ");
        Assert.Equal("пpиbet 世界 дж", r.Primary.Text);
    }

    [Fact]
    public void Hangul_keeps_composed_syllables()
    {
        var r = Norm("한국어");
        Assert.Equal("한국어", r.Primary.Text);
        Assert.Empty(r.Events);
    }

    // ------------------------------------------------------------------ step 2: invisible and bidi characters

    [Fact]
    public void Zero_width_space_is_removed_and_the_event_covers_it()
    {
        var r = Norm("h\u200Back");
        Assert.Equal("hack", r.Primary.Text);
        var e = Assert.Single(r.Events);
        Assert.Equal(TransformKind.InvisibleCharacter, e.Kind);
        Assert.Equal(new TextSpan(1, 1), e.OriginalSpan);
        Assert.Equal("removed U+200B ZERO WIDTH SPACE", e.Detail);
        Assert.Equal(new TextSpan(0, 5), r.Primary.MapToOriginal(0, 4));
        Assert.Single(r.EventsOverlapping(r.Primary.MapToOriginal(0, 4)));
    }

    [Theory]
    [InlineData("k\u200Ci\u200Dl\u2060l", "kill")]
    [InlineData("\uFEFFbomb", "bomb")]
    [InlineData("ex\u00ADplo\u00ADsive", "explosive")]
    [InlineData("dr\u180Eug", "drug")]
    [InlineData("we\uFE0Fap\uFE00on", "weapon")]
    [InlineData("st\U000E0041\U000E0042eal", "steal")]
    [InlineData("g\u2062u\u2064n", "gun")]
    public void Invisible_characters_are_removed(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
        Assert.All(r.Events, e => Assert.Equal(TransformKind.InvisibleCharacter, e.Kind));
        Assert.NotEmpty(r.Events);
        Assert.Equal(input.Length, r.Primary.MapToOriginal(0, expected.Length).End);
        Assert.True(r.Primary.MapToOriginal(0, expected.Length).Start <= 1);
    }

    [Fact]
    public void A_run_of_invisible_characters_gives_one_event()
    {
        var r = Norm("ha\u200B\u200B\u200Bck");
        Assert.Equal("hack", r.Primary.Text);
        var e = Assert.Single(r.Events);
        Assert.Equal(new TextSpan(2, 3), e.OriginalSpan);
        Assert.EndsWith("(+2 more)", e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u202Ekcah\u202C", "kcah")]
    [InlineData("a\u200Eb\u200Fc\u061Cd", "abcd")]
    [InlineData("\u2066bomb\u2069", "bomb")]
    public void Bidi_controls_are_removed(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
        Assert.All(r.Events, e => Assert.Equal(TransformKind.BidiControl, e.Kind));
    }

    [Fact]
    public void Text_of_only_invisible_characters_becomes_empty()
    {
        var r = Norm("\u200B\u200C\u200D");
        Assert.Equal(string.Empty, r.Primary.Text);
        Assert.Equal(new TextSpan(0, 0), r.Primary.MapToOriginal(0, 0));
    }

    // ------------------------------------------------------------------ step 3: diacritics

    [Theory]
    [InlineData("hàçk", "hack")]
    [InlineData("ŕéśúḿé", "resume")]
    [InlineData("Ĩńśţŗűćţĩőń", "instruction")]
    [InlineData("h\u0300a\u0301c\u0302k\u0303", "hack")]
    [InlineData("Z̸̡̛͎̜a̴̢̛l̷̰͝g̶̣̈o̵̹͊", "zalgo")]
    [InlineData("søme łetter đ", "some letter d")]
    public void Diacritics_are_stripped(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
        Assert.Contains(r.Events, e => e.Kind == TransformKind.Diacritic);
    }

    [Fact]
    public void A_combining_mark_is_covered_by_its_base_letter()
    {
        var r = Norm("ha\u0301\u0302ck");
        Assert.Equal("hack", r.Primary.Text);
        Assert.Equal(new TextSpan(1, 3), r.Primary.MapToOriginal(1, 1));
        Assert.Equal(new TextSpan(0, 6), r.Primary.MapToOriginal(0, 4));
        var e = Assert.Single(r.Events);
        Assert.Equal(TransformKind.Diacritic, e.Kind);
        Assert.Equal(new TextSpan(2, 2), e.OriginalSpan);
    }

    [Fact]
    public void Leading_combining_marks_are_dropped()
    {
        var r = Norm("\u0301\u0302abc");
        Assert.Equal("abc", r.Primary.Text);
        Assert.Equal(new TextSpan(2, 3), r.Primary.MapToOriginal(0, 3));
    }

    // ------------------------------------------------------------------ step 4: homoglyphs

    [Fact]
    public void Cyrillic_a_folds_to_latin_a_with_a_homoglyph_event()
    {
        var r = Norm("h\u0430ck");
        Assert.Equal("hack", r.Primary.Text);
        var e = Assert.Single(r.Events);
        Assert.Equal(TransformKind.Homoglyph, e.Kind);
        Assert.Equal(new TextSpan(1, 1), e.OriginalSpan);
        Assert.Equal("U+0430 CYRILLIC SMALL LETTER A -> a", e.Detail);
    }

    [Fact]
    public void Cyrillic_shha_a_es_fold_to_hack()
    {
        var r = Norm("\u04BB\u0430\u0441k");
        Assert.Equal("hack", r.Primary.Text);
        var e = Assert.Single(r.Events);
        Assert.Equal(TransformKind.Homoglyph, e.Kind);
        Assert.Equal(new TextSpan(0, 3), e.OriginalSpan);
    }

    [Theory]
    [InlineData("АВЕКМНОРСТУХ", "abekmhopctyx")]
    [InlineData("авекмнорстух", "abekmhopctyx")]
    [InlineData("іјѕԁԛԝӏһ", "ijsdqwlh")]
    [InlineData("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx")]
    [InlineData("αβειoκνορτυχ", "abeiokvoptux")]
    [InlineData("ոօսհ", "nouh")]
    [InlineData("ᎪᏴᏟᎠᎬᎻᏦᏞᎷᏢᏚᎢᏙᎳᏃ", "abcdehklmpstvwz")]
    [InlineData("ℓıȷ", "lij")]
    [InlineData("ʜᴀᴄᴋ", "hack")]
    [InlineData("ρаѕѕԝоrd", "password")]
    public void Homoglyphs_fold_to_ascii(string input, string expected)
    {
        var r = Norm(input);
        Assert.Equal(expected, r.Primary.Text);
    }

    [Fact]
    public void Letters_that_do_not_look_latin_are_not_folded()
    {
        var r = Norm("джзлфшщ");
        Assert.Equal("джзлфшщ", r.Primary.Text);
        Assert.Empty(r.Events);
    }
}
