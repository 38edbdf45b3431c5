using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>
/// What the analytics need from one record's decision trace: the rules that matched, the harm categories named, the
/// highest classifier "unsafe" score and whether the request was sent to review. Traces come in three shapes (one
/// decision, an array of decisions, an alignment trace whose events hold decisions); the reader walks the JSON once,
/// whatever the shape, and picks the properties by name: <c>rule_id</c>, <c>category</c>, <c>categories</c>,
/// <c>unsafe</c> and <c>review_id</c>.
/// </summary>
internal sealed class AuditTraceFacts
{
    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _categories = new(StringComparer.Ordinal);

    /// <summary>Distinct rule ids that matched.</summary>
    public IReadOnlySet<string> Rules => _rules;

    /// <summary>Distinct categories named by a rule, a detection or a detector.</summary>
    public IReadOnlySet<string> Categories => _categories;

    /// <summary>The highest classifier unsafe score in the trace, or null when it holds none.</summary>
    public double? UnsafeScore { get; private set; }

    /// <summary>The review item the request was sent to, if any.</summary>
    public string? ReviewId { get; private set; }

    /// <summary>Reads <paramref name="trace"/> into this instance (cleared first); false when it is not valid JSON.</summary>
    public bool TryRead(string trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        _rules.Clear();
        _categories.Clear();
        UnsafeScore = null;
        ReviewId = null;
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(trace.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(trace, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), new JsonReaderOptions { MaxDepth = 128 });
            Walk(ref reader);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Walk(ref Utf8JsonReader reader)
    {
        var property = Property.None;
        var inCategories = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = Classify(ref reader);
                    inCategories = false;
                    break;
                case JsonTokenType.StartArray:
                    inCategories = property == Property.Categories;
                    property = Property.None;
                    break;
                case JsonTokenType.EndArray:
                    inCategories = false;
                    break;
                case JsonTokenType.String:
                    if (inCategories)
                    {
                        _categories.Add(reader.GetString()!);
                    }
                    else if (property == Property.RuleId)
                    {
                        _rules.Add(reader.GetString()!);
                    }
                    else if (property == Property.Category)
                    {
                        _categories.Add(reader.GetString()!);
                    }
                    else if (property == Property.ReviewId)
                    {
                        ReviewId = reader.GetString();
                    }

                    property = Property.None;
                    break;
                case JsonTokenType.Number:
                    if (property == Property.Unsafe && reader.TryGetDouble(out var score) && double.IsFinite(score))
                    {
                        UnsafeScore = UnsafeScore is { } best ? Math.Max(best, score) : score;
                    }

                    property = Property.None;
                    break;
                default:
                    property = Property.None;
                    break;
            }
        }
    }

    private static Property Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("rule_id"u8))
        {
            return Property.RuleId;
        }

        if (reader.ValueTextEquals("category"u8))
        {
            return Property.Category;
        }

        if (reader.ValueTextEquals("categories"u8))
        {
            return Property.Categories;
        }

        if (reader.ValueTextEquals("unsafe"u8))
        {
            return Property.Unsafe;
        }

        return reader.ValueTextEquals("review_id"u8) ? Property.ReviewId : Property.None;
    }

    private enum Property
    {
        None,
        RuleId,
        Category,
        Categories,
        Unsafe,
        ReviewId,
    }
}
