using System.Buffers.Binary;
using System.Text;

namespace AlignLab.Training.Tests.Native;

/// <summary>Reads the version requirements (name → vna_flags) of a 64-bit little-endian ELF file, as `readelf -V` shows them.</summary>
internal static class ElfVersionNeeds
{
    public static Dictionary<string, int> Read(byte[] b)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(0x28));
        int entsize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x3A)), count = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x3C));
        for (var i = 0; i < count; i++)
        {
            var sh = shoff + (i * entsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(sh + 4)) != 0x6FFFFFFE)
            {
                continue;
            }

            var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(sh + 0x18));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(sh + 0x28));
            var needs = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(sh + 0x2C));
            var strtab = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(shoff + (link * entsize) + 0x18));
            var need = offset;
            for (var n = 0; n < needs; n++)
            {
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(need + 8));
                for (var a = 0; a < BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(need + 2)); a++)
                {
                    var name = strtab + (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(aux + 8));
                    var end = Array.IndexOf(b, (byte)0, name);
                    result[Encoding.ASCII.GetString(b, name, end - name)] = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(aux + 12));
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(need + 12));
            }
        }

        return result;
    }
}
