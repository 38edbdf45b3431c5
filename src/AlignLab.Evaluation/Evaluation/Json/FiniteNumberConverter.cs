using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlignLab.Evaluation.Json;

/// <summary>
/// A <see cref="double"/> as AlignLab's files hold it: the shortest round-trip number, or <c>null</c> for NaN and the
/// infinities (which JSON cannot hold); <c>null</c> reads back as NaN.
/// </summary>
internal sealed class FiniteNumberConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
