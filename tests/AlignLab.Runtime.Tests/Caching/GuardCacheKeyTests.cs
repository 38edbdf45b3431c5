using AlignLab.Constitutions;
using AlignLab.Runtime.Caching;
using CsCheck;

namespace AlignLab.Runtime.Tests.Caching;

public sealed class GuardCacheKeyTests
{
    [Fact]
    public void Equal_inputs_give_equal_keys_and_any_difference_gives_a_different_key()
    {
        var k = GuardCacheKey.Create(PolicyStage.Input, "educational", "teen", "fp1", "hello");
        Assert.Equal(k, GuardCacheKey.Create(PolicyStage.Input, "educational", "teen", "fp1", "hello"));
        Assert.Equal(k.GetHashCode(), GuardCacheKey.Create(PolicyStage.Input, "educational", "teen", "fp1", "hello").GetHashCode());
        Assert.NotEqual(k, GuardCacheKey.Create(PolicyStage.Output, "educational", "teen", "fp1", "hello"));
        Assert.NotEqual(k, GuardCacheKey.Create(PolicyStage.Input, null, "teen", "fp1", "hello"));
        Assert.NotEqual(k, GuardCacheKey.Create(PolicyStage.Input, "educational", null, "fp1", "hello"));
        Assert.NotEqual(k, GuardCacheKey.Create(PolicyStage.Input, "educational", "teen", "fp2", "hello"));
        Assert.NotEqual(k, GuardCacheKey.Create(PolicyStage.Input, "educational", "teen", "fp1", "hello!"));
    }

    [Fact]
    public void The_text_digest_is_sha256_of_the_utf16_code_units()
    {
        // SHA-256 of the UTF-16LE bytes of "abc" (61 00 62 00 63 00)
        var k = GuardCacheKey.Create(PolicyStage.Input, null, null, "fp", "abc");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.Unicode.GetBytes("abc")));
        Assert.Equal(expected, k.TextHashHex);
    }

    [Fact]
    public void The_key_does_not_retain_the_text()
    {
        var text = "my secret prompt " + Guid.NewGuid();
        var k = GuardCacheKey.Create(PolicyStage.Input, "ctx", "prof", "fp", text);
        Assert.DoesNotContain(text, k.ToString(), StringComparison.Ordinal);
        Assert.All(typeof(GuardCacheKey).GetProperties(), p => Assert.NotEqual(text, p.GetValue(k) as string));
    }

    [Fact]
    public void Distinct_strings_including_lone_surrogates_get_distinct_keys()
    {
        var units = Gen.Char.Array[0, 12].Select(a => new string(a));
        Gen.Select(units, units).Sample((a, b) =>
        {
            var ka = GuardCacheKey.Create(PolicyStage.Input, null, null, "fp", a);
            var kb = GuardCacheKey.Create(PolicyStage.Input, null, null, "fp", b);
            Assert.Equal(string.Equals(a, b, StringComparison.Ordinal), ka == kb);
        }, iter: 2_000);

        Assert.NotEqual(
            GuardCacheKey.Create(PolicyStage.Input, null, null, "fp", "\uD800"),
            GuardCacheKey.Create(PolicyStage.Input, null, null, "fp", "\uDBFF"));
    }
}
