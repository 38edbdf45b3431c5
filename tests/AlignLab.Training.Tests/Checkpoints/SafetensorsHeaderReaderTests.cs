using System.Buffers.Binary;
using System.Text;
using AlignLab.Training.Checkpoints;
using CsCheck;

namespace AlignLab.Training.Tests.Checkpoints;

public sealed class SafetensorsHeaderReaderTests
{
    private static readonly Gen<(string Name, SafetensorsDtype Dtype, long[] Shape)[]> ValidTensors =
        Gen.Select(Gen.Enum<SafetensorsDtype>(), Gen.Long[0, 5].Array[0, 3])
            .Array[0, 5]
            .Select(tensors => tensors.Select((t, i) => ($"model.layers.{i}.weight", t.Item1, t.Item2)).ToArray());

    private static readonly Gen<((string Name, SafetensorsDtype Dtype, long[] Shape)[], int, int, byte, ulong)> Mutations =
        Gen.Select(ValidTensors.Where(t => t.Length > 0), Gen.Int[0, 2], Gen.Int[0, 1 << 20], Gen.Byte, Gen.ULong);

    /// <summary>A whole file: 8-byte length, the header as AlignLab writes it, and zeroed data.</summary>
    internal static byte[] FileOf(IEnumerable<(string Name, SafetensorsDtype Dtype, long[] Shape)> tensors)
    {
        var list = tensors.ToList();
        var header = SafetensorsFile.BuildHeader(list, null);
        var data = list.Sum(t => SafetensorsDtypes.ByteLength(t.Dtype, t.Shape)!.Value);
        var file = new byte[8 + header.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }

    private static byte[] FileOfHeader(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var file = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }

    private static void AssertTilesTheData(SafetensorsHeader header, long fileLength)
    {
        long expected = 0;
        foreach (var tensor in header.Tensors)
        {
            Assert.Equal(expected, tensor.Begin);
            Assert.Equal(SafetensorsDtypes.ByteLength(tensor.Dtype, tensor.Shape), tensor.ByteLength);
            expected = tensor.End;
        }

        Assert.Equal(fileLength - header.DataOffset, expected);
    }

    [Fact]
    public void The_written_header_is_padded_to_eight_bytes_with_format_pt_metadata_first()
    {
        var file = FileOf([("b", SafetensorsDtype.F16, [3]), ("a", SafetensorsDtype.F32, [2, 1])]);
        var text = SafetensorsHeaderReader.HeaderText(file);
        Assert.Equal(0, text.Length % 8);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"},", text, StringComparison.Ordinal);
        var header = SafetensorsHeaderReader.Read(file, file.Length).GetValueOrThrow();
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal(0, header.DataOffset % 8);
    }

    [Fact]
    public void Every_valid_file_reads_back_its_tensors_in_data_order()
    {
        ValidTensors.Sample(tensors =>
        {
            var file = FileOf(tensors);
            var header = SafetensorsHeaderReader.Read(file, file.Length).GetValueOrThrow();
            Assert.Equal(tensors.Length, header.Tensors.Count);
            AssertTilesTheData(header, file.Length);
            foreach (var (name, dtype, shape) in tensors)
            {
                var info = header.Find(name)!;
                Assert.Equal(dtype, info.Dtype);
                Assert.Equal(shape, info.Shape);
            }
        });
    }

    [Fact]
    public void A_mutated_file_is_either_rejected_with_errors_or_still_tiles_its_data_and_never_throws()
    {
        // Hostile mutations: flip bytes (anywhere, mostly in the header), cut the file, or rewrite the length prefix.
        Mutations.Sample(Mutate, iter: 20_000);
    }

    [Theory]
    [InlineData("0QofqKO--zG2")] // invalid UTF-8 in a tensor name: JsonDocument threw InvalidOperationException out of Read
    public void A_mutated_file_found_by_the_property_test_gives_errors(string seed) => Mutations.Sample(Mutate, seed: seed, iter: 1);

    private static void Mutate(((string Name, SafetensorsDtype Dtype, long[] Shape)[], int, int, byte, ulong) m)
    {
        var (tensors, kind, where, value, length) = m;
        var file = FileOf(tensors);
        switch (kind)
        {
            case 0:
                file[where % file.Length] = value;
                break;
            case 1:
                file = file[..(where % file.Length)];
                break;
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(file, length % 2 == 0 ? length : length % (ulong)(file.Length + 16));
                break;
        }

        var result = SafetensorsHeaderReader.Read(file, file.Length);
        if (result.Value is null)
        {
            Assert.NotEmpty(result.Errors);
        }
        else
        {
            AssertTilesTheData(result.Value, file.Length);
        }
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 8,
        "tensor 'w': F32 [2] needs 8 bytes but data_offsets [0, 4] give 4")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6,
        "tensor 'b' begins at byte 2 of the data, overlapping the tensor that ends at 4")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
        "tensor 'a' begins at byte 4 of the data, leaving a hole after byte 0")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12,
        "the tensors end at byte 4 of the data but the file holds 12 data bytes")]
    [InlineData("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8,
        "tensor 'a': dtype 'I64' is not supported (F32, F16 and BF16 are)")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "tensor 'a': shape holds -1, not a non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", 4,
        "tensor 'a': the shape [4611686018427387904, 4] is too large")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 4, "tensor 'a': data_offsets end 4 is before begin 8")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", 8,
        "tensor 'a' appears twice in the header")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", 0, "__metadata__ entry 'format' is not a string")]
    [InlineData("[1,2]", 0, "the header is not a JSON object (it must start with '{')")]
    public void A_hostile_header_gives_an_error_naming_the_tensor(string json, int dataBytes, string error)
    {
        var file = FileOfHeader(json, dataBytes);
        var result = SafetensorsHeaderReader.Read(file, file.Length);
        Assert.Null(result.Value);
        Assert.Contains(error, result.Errors);
    }

    [Fact]
    public void A_header_length_over_100_MB_is_refused_before_anything_is_allocated()
    {
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 100_000_001);
        var result = SafetensorsHeaderReader.Read(file, 200_000_000);
        Assert.Equal(["the header length 100000001 is over the 100000000-byte limit"], result.Errors);
    }

    [Fact]
    public void Zero_sized_and_scalar_tensors_are_allowed()
    {
        var file = FileOfHeader(
            "{\"e\":{\"dtype\":\"BF16\",\"shape\":[0,3],\"data_offsets\":[0,0]},\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4);
        var header = SafetensorsHeaderReader.Read(file, file.Length).GetValueOrThrow();
        Assert.Equal(["e", "s"], header.Tensors.Select(t => t.Name));
    }
}
