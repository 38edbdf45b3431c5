using AlignLab.IO;

namespace AlignLab.Tests.IO;

public sealed class Utf8TextTests
{
    [Fact]
    public void Invalid_lines_are_found_across_buffer_boundaries_and_in_lines_longer_than_the_buffer()
    {
        var longLine = new byte[200_000];
        Array.Fill(longLine, (byte)'a');
        longLine[150_000] = 0xE9;
        byte[] data = [.. "ok\n"u8, .. longLine, (byte)'\n', .. "caf\u00e9 is fine\n"u8, .. Enumerable.Repeat((byte)'b', 70_000), 0xFF, (byte)'\n', 0xC3];

        var lines = Utf8Text.InvalidLines(new MemoryStream(data)).ToList();

        Assert.Equal([2L, 4, 5], lines);
    }

    [Fact]
    public void Files_with_a_utf16_byte_order_mark_are_not_checked()
    {
        Assert.Empty(Utf8Text.InvalidLines(new MemoryStream([0xFF, 0xFE, 0x61, 0x00, 0xE9, 0x00])));
        Assert.Null(Utf8Text.FindInvalid([0xFF, 0xFE, 0x61, 0x00]));
    }
}
