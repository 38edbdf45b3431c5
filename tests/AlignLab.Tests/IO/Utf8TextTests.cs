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

    [Fact]
    public void A_line_of_many_buffers_is_checked_in_pieces_without_holding_it_and_characters_cut_by_a_piece_are_whole()
    {
        // 3-byte characters, so piece ends fall inside characters; one Latin-1 byte far into the second line.
        var euro = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\u20ac", 3_000_000)));
        var bad = (byte[])euro.Clone();
        bad[7_000_001] = 0xE9;
        byte[] data = [.. euro, (byte)'\n', .. bad, (byte)'\n', .. euro];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = Utf8Text.InvalidLines(new MemoryStream(data)).ToList();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal([2L], lines);
        Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated checking {data.Length:N0} bytes");
    }

    [Fact]
    public void A_character_cut_by_the_end_of_the_file_is_invalid()
    {
        Assert.Equal([2L], Utf8Text.InvalidLines(new MemoryStream([.. "ok\n"u8, 0xE2, 0x82])).ToList());
        Assert.Empty(Utf8Text.InvalidLines(new MemoryStream([.. "ok\n"u8, 0xE2, 0x82, 0xAC])));
    }
}
