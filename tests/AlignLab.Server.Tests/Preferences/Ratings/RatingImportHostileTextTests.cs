using System.Text;
using AlignLab.Server.Preferences.Ratings;

namespace AlignLab.Server.Tests.Preferences.Ratings;

/// <summary>
/// Hostile text in an uploaded rating file (review finding of session 10): bytes that are not UTF-8, unpaired surrogate
/// escapes and NUL characters are each a reported line, never a stored item with replacement characters or a PostgreSQL
/// error; other control characters are data and stay as they were.
/// </summary>
public sealed class RatingImportHostileTextTests
{
    [Fact]
    public void Lines_with_invalid_utf8_a_lone_surrogate_or_a_nul_are_reported_by_number_and_the_rest_is_kept()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"prompt\":\"p1\",\"chosen\":\"a"));
        bytes.AddRange([0xFF, 0xFE, 0xC3]);
        bytes.AddRange(Encoding.UTF8.GetBytes("\",\"rejected\":\"b\"}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"prompt\":\"p2\",\"chosen\":\"\\ud800x\",\"rejected\":\"b\"}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"prompt\":\"p3\\u0000\",\"chosen\":\"a\",\"rejected\":\"b\"}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"prompt\":\"p4 \\u001b[31m red\",\"chosen\":\"é\",\"rejected\":\"b\"}\n"));
        var body = bytes.ToArray();

        var invalid = RatingImport.InvalidUtf8Lines(new MemoryStream(body));
        using var reader = new StreamReader(new MemoryStream(body), new UTF8Encoding(false, false));
        var read = RatingImport.Read(reader, invalid);

        Assert.Equal([1L], invalid);
        var kept = Assert.Single(read.Items);
        Assert.Equal(("p4 \u001b[31m red", "é", 4L), (kept.Prompt, kept.First, kept.Line));
        Assert.Equal(3, read.Malformed);
        Assert.Equal([1L, 2, 3], read.Errors.Select(e => e.Line));
        Assert.Equal("the line is not valid UTF-8 text", read.Errors[0].Message);
        Assert.Contains("unpaired surrogate", read.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("NUL", read.Errors[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { }, new long[] { })]
    [InlineData(new byte[] { 0x61, 0x0A, 0xC3, 0xA9, 0x0A }, new long[] { })]
    [InlineData(new byte[] { 0x0A, 0xC3, 0x0A, 0xED, 0xA0, 0x80 }, new long[] { 2, 3 })] // a cut sequence; an encoded surrogate
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0xF8, 0x88, 0x80, 0x80, 0x80 }, new long[] { 2 })] // BOM; a 5-byte form
    public void Invalid_utf8_is_found_per_line(byte[] bytes, long[] expected) =>
        Assert.Equal(expected, RatingImport.InvalidUtf8Lines(new MemoryStream(bytes)).Order());
}
