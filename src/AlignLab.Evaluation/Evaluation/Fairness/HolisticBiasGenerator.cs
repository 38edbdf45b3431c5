using System.Text.Json;

namespace AlignLab.Evaluation.Fairness;

/// <summary>
/// Builds benign sentences from the HolisticBias v1.1 ingredients (<c>descriptors.json</c>, <c>nouns.json</c>,
/// <c>sentence_templates.json</c>, <c>standalone_noun_phrases.json</c>; Smith et al., EMNLP 2022, CC BY-SA 4.0, so any set
/// generated from them is CC BY-SA 4.0 as well): every descriptor × noun × template, and every standalone noun phrase ×
/// noun × template. The sentences mention an identity and say nothing against it, so a safety classifier that flags one
/// makes a false positive. Three templates are left out because they are not benign (<see cref="ExcludedTemplates"/>:
/// "I hate …", "I don't like …", "… are the worst"), and by default so are descriptors the HolisticBias reviewers marked
/// dispreferred. A descriptor with a gender is only combined with the nouns of that gender. The article is "an" before a
/// vowel letter and "a" otherwise, unless the descriptor names its own. Output order is file order, so it is stable.
/// </summary>
public static class HolisticBiasGenerator
{
    /// <summary>The label of every generated sentence.</summary>
    public const string Label = "benign";

    /// <summary>The standalone noun phrases' bucket.</summary>
    public const string StandaloneBucket = "(standalone)";

    /// <summary>Templates that express dislike of the group; they are not benign and are never generated.</summary>
    public static IReadOnlyList<string> ExcludedTemplates { get; } =
        ["I don't like {plural_noun_phrase}.", "I hate {plural_noun_phrase}.", "I think {plural_noun_phrase} are the worst."];

    /// <summary>The nouns used unless <see cref="HolisticBiasOptions.AllNouns"/> is set.</summary>
    public static IReadOnlyList<string> BasicNouns { get; } = ["woman", "man", "person"];

    /// <summary>Generates the sentences from the HolisticBias folder <paramref name="directory"/> (the one holding descriptors.json).</summary>
    /// <exception cref="InvalidDataException">A file is missing or not in the v1.1 layout (the message names it).</exception>
    public static IEnumerable<HolisticBiasSentence> Generate(string directory, HolisticBiasOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new HolisticBiasOptions();
        var nouns = ReadNouns(Load(directory, "nouns.json"), options.AllNouns);
        var templates = ReadTemplates(Load(directory, "sentence_templates.json"));
        var descriptors = ReadDescriptors(Load(directory, "descriptors.json"), options.IncludeDispreferred);
        var standalone = ReadStandalone(Load(directory, "standalone_noun_phrases.json"), options.IncludeDispreferred);
        return Sentences(nouns, templates, descriptors, standalone);
    }

    private static IEnumerable<HolisticBiasSentence> Sentences(
        List<Noun> nouns, List<string> templates, List<Descriptor> descriptors, List<Phrase> standalone)
    {
        foreach (var d in descriptors)
        {
            foreach (var noun in nouns.Where(n => d.Gender is null || n.Gender == d.Gender))
            {
                var singular = $"{d.Article ?? Article(d.Text)} {d.Text} {noun.Singular}";
                var plural = $"{d.Text} {noun.Plural}";
                foreach (var t in templates)
                {
                    yield return new HolisticBiasSentence(Fill(t, singular, plural), d.Axis, d.Bucket, d.Text, noun.Singular, t, d.Preference);
                }
            }
        }

        foreach (var p in standalone)
        {
            var withNoun = p.Singular.Contains("{noun}", StringComparison.Ordinal);
            foreach (var noun in withNoun ? nouns : nouns.Take(1))
            {
                var singular = withNoun ? p.Singular.Replace("{noun}", noun.Singular, StringComparison.Ordinal) : p.Singular;
                singular = singular.Replace("{article}", Article(noun.Singular), StringComparison.Ordinal);
                var plural = p.Plural?.Replace("{article} ", "", StringComparison.Ordinal).Replace("{noun}", noun.Plural, StringComparison.Ordinal);
                foreach (var t in templates.Where(t => plural is not null || !t.Contains("{plural_noun_phrase}", StringComparison.Ordinal)))
                {
                    yield return new HolisticBiasSentence(Fill(t, singular, plural ?? ""), p.Axis, StandaloneBucket, p.Descriptor,
                        withNoun ? noun.Singular : null, t, p.Preference);
                }
            }
        }
    }

    private static string Fill(string template, string singular, string plural)
    {
        var text = template.Replace("{plural_noun_phrase}", plural, StringComparison.Ordinal)
            .Replace("{noun_phrase}", singular, StringComparison.Ordinal);
        return char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text; // a plural phrase may start a sentence
    }

    private static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static JsonElement Load(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} not found: give the HolisticBias v1.1 folder (e.g. ../shared/data/holistic-bias/v1.1)");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: invalid JSON: {IO.JsonText.Describe(ex)}", ex);
        }
    }

    private static List<Noun> ReadNouns(JsonElement root, bool all)
    {
        var nouns = new List<Noun>();
        foreach (var gender in Object(root, "nouns.json"))
        {
            foreach (var pair in gender.Value.EnumerateArray())
            {
                if (pair.GetArrayLength() != 2)
                {
                    throw new InvalidDataException($"nouns.json: {gender.Name}: each noun must be a [singular, plural] pair");
                }

                nouns.Add(new Noun(pair[0].GetString()!, pair[1].GetString()!, gender.Name == "neutral" ? null : gender.Name));
            }
        }

        return all ? nouns : [.. BasicNouns.Select(b => nouns.FirstOrDefault(n => n.Singular == b)
            ?? throw new InvalidDataException($"nouns.json: the basic noun '{b}' is missing"))];
    }

    private static List<string> ReadTemplates(JsonElement root) =>
        [.. Object(root, "sentence_templates.json").Select(p => p.Name).Where(t => !ExcludedTemplates.Contains(t))];

    private static List<Descriptor> ReadDescriptors(JsonElement root, bool includeDispreferred)
    {
        var result = new List<Descriptor>();
        foreach (var axis in Object(root, "descriptors.json"))
        {
            foreach (var bucket in Object(axis.Value, "descriptors.json: " + axis.Name))
            {
                foreach (var d in bucket.Value.EnumerateArray())
                {
                    var item = d.ValueKind == JsonValueKind.String
                        ? new Descriptor(axis.Name, bucket.Name, d.GetString()!, null, null, null)
                        : new Descriptor(axis.Name, bucket.Name, Str(d, "descriptor")!, Str(d, "preference"), Str(d, "gender"), Str(d, "article"));
                    if (includeDispreferred || item.Preference != "dispreferred")
                    {
                        result.Add(item);
                    }
                }
            }
        }

        return result;
    }

    private static List<Phrase> ReadStandalone(JsonElement root, bool includeDispreferred)
    {
        var result = new List<Phrase>();
        foreach (var axis in Object(root, "standalone_noun_phrases.json"))
        {
            foreach (var p in axis.Value.EnumerateArray())
            {
                var singular = p.ValueKind == JsonValueKind.String ? p.GetString()! : Str(p, "noun_phrase")!;
                var plural = p.ValueKind == JsonValueKind.String ? null : Str(p, "plural_noun_phrase");
                var preference = p.ValueKind == JsonValueKind.String ? null : Str(p, "preference");
                var descriptor = singular.Replace("{article} ", "", StringComparison.Ordinal).Replace("{noun} ", "", StringComparison.Ordinal);
                if (includeDispreferred || preference != "dispreferred")
                {
                    result.Add(new Phrase(axis.Name, descriptor, singular, plural, preference));
                }
            }
        }

        return result;
    }

    private static JsonElement.ObjectEnumerator Object(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject() : throw new InvalidDataException($"{where}: expected a JSON object");

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed record Noun(string Singular, string Plural, string? Gender);

    private sealed record Descriptor(string Axis, string Bucket, string Text, string? Preference, string? Gender, string? Article);

    private sealed record Phrase(string Axis, string Descriptor, string Singular, string? Plural, string? Preference);
}
