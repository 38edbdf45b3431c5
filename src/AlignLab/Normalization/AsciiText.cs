using System.Buffers;

namespace AlignLab.Normalization;

/// <summary>The ASCII characters that normalisation keeps as they are (apart from lower-casing).</summary>
internal static class AsciiText
{
    /// <summary>Printable ASCII (U+0020–U+007E), tab, line feed and carriage return: every ASCII character but the controls.</summary>
    public static readonly SearchValues<char> PlainChars = SearchValues.Create(
        "\t\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>True when <paramref name="c"/> is a C0 control other than tab, line feed and carriage return, DEL or a C1 control.</summary>
    public static bool IsRemovableControl(char c) => c is (< ' ' and not ('\t' or '\n' or '\r')) or (>= '\u007F' and <= '\u009F');
}
