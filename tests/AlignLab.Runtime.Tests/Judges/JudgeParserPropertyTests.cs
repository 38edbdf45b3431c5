using System.Globalization;
using AlignLab.Constitutions;
using AlignLab.Runtime.Judges;
using CsCheck;

namespace AlignLab.Runtime.Tests.Judges;

/// <summary>
/// Parsers never throw anything but <see cref="JudgeParseException"/>, and known-good answers keep their verdict
/// whatever noise surrounds them (prose lines, reasoning blocks, code fences, whitespace, capitalisation).
/// </summary>
public sealed class JudgeParserPropertyTests
{
    private const long Iterations = 3_000;

    private static readonly Func<string?, JudgeVerdict>[] Parsers =
    [
        LlamaGuardOutputParser.Parse, ShieldGemmaOutputParser.Parse, JsonJudgeOutputParser.Parse,
        JudgeTemplate.LlamaGuard.Parse, JudgeTemplate.ShieldGemma.Parse, JudgeTemplate.Json.Parse,
    ];

    private static readonly string[] Tokens =
    [
        "safe", "unsafe", "UNSAFE", "Yes", "no", "S1", "S10", "S99", "X7", ",", ";", ":", "\n", "\r\n", " ", "\t", "{", "}", "[", "]",
        "'", "\"", "```", "```json", "<think>", "</think>", "\"unsafe\"", "unsafe:", "0.7", "1.5", "-3", "85%", "%", ".", "e9",
        "probability", "score", "**", "#", "-", "\\", "\\u00", "true", "None", "categories", "rationale", "//", "/*", "*/", "“", "”", "=",
    ];

    private static readonly Gen<string> TokenSoup = Gen.Int[0, Tokens.Length - 1].Array[0, 30]
        .Select(ix => string.Concat(ix.Select(i => Tokens[i])));

    private static readonly Gen<string> AnyText = Gen.OneOf(Gen.String, Gen.Char.Array[0, 60].Select(a => new string(a)), TokenSoup);

    /// <summary>Prose that contains no verdict word, no digits, no braces and no category name.</summary>
    private static readonly string[] NoiseWords =
    [
        "the", "content", "looks", "here", "is", "my", "analysis", "of", "request", "I", "considered", "policy", "carefully",
        "overall", "note", "conversation", "message", "please", "thanks", "final", "result", "answer", "user", "agent", "text",
        "looked", "at", "this", "and", "it", "notice", "Here's", "Okay", "Sure",
    ];

    private static readonly Gen<string> NoiseLine = Gen.Select(
        Gen.Int[0, NoiseWords.Length - 1].Array[1, 8],
        Gen.OneOf<string>("", ".", ":", "!", " "),
        (ix, end) => string.Join(" ", ix.Select(i => NoiseWords[i])) + end);

    private static readonly Gen<string> ThinkBlock = Gen.Int[0, NoiseWords.Length + 5].Array[0, 12].Select(ix =>
        "<think>" + string.Join(" ", ix.Select(i => i < NoiseWords.Length ? NoiseWords[i] : new[] { "safe", "unsafe", "Yes", "No", "S1,S2", "{\"unsafe\": 1}" }[i - NoiseWords.Length])) + "</think>");

    private static readonly Gen<string> Whitespace = Gen.OneOf<string>("", " ", "\n", "\n\n", "  \t", "\r\n");

    [Fact]
    public void Parsers_throw_only_JudgeParseException_on_arbitrary_text()
    {
        AnyText.Sample(text =>
        {
            foreach (var parse in Parsers)
            {
                try
                {
                    var verdict = parse(text);
                    Assert.InRange(verdict.UnsafeScore, 0.0, 1.0);
                }
                catch (JudgeParseException)
                {
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Llama_guard_verdicts_survive_noise()
    {
        var answer = Gen.Select(Gen.Bool, Gen.Int[1, 14].Array[1, 4], Gen.Int[0, 2], Gen.OneOf<string>(",", ", ", ",\n"), (isUnsafe, codes, casing, sep) =>
        {
            var word = Case(isUnsafe ? "unsafe" : "safe", casing);
            var distinct = codes.Distinct().ToArray();
            var text = isUnsafe ? word + "\n" + string.Join(sep, distinct.Select(c => "S" + c.ToString(CultureInfo.InvariantCulture))) : word;
            var expected = isUnsafe ? distinct.Select(c => HarmCategory.All[c - 1].Id).ToArray() : [];
            return (Text: text, Unsafe: isUnsafe, Categories: expected);
        });

        Surround(answer, a => a.Text).Sample(t =>
        {
            var verdict = LlamaGuardOutputParser.Parse(t.Output);
            Assert.Equal(t.Answer.Unsafe, verdict.Unsafe);
            Assert.Equal(t.Answer.Categories, verdict.Categories);
        }, iter: Iterations);
    }

    [Fact]
    public void ShieldGemma_verdicts_survive_noise()
    {
        var answer = Gen.Select(Gen.Bool, Gen.Int[0, 49], Gen.Int[0, 3], Gen.Int[0, 2], (yes, p, form, casing) =>
        {
            var probability = (yes ? 50 + p : p) / 100.0;
            var word = Case(yes ? "yes" : "no", casing);
            var number = probability.ToString("0.##", CultureInfo.InvariantCulture);
            var text = form switch
            {
                0 => word,
                1 => word + " " + number,
                2 => word + " (" + number + ")",
                _ => word + "\nProbability: " + number,
            };
            return (Text: text, Yes: yes, Score: form == 0 ? (yes ? 1.0 : 0.0) : probability);
        });

        Surround(answer, a => a.Text).Sample(t =>
        {
            var verdict = ShieldGemmaOutputParser.Parse(t.Output);
            Assert.Equal(t.Answer.Yes, verdict.Unsafe);
            Assert.Equal(t.Answer.Score, verdict.UnsafeScore, 9);
        }, iter: Iterations);
    }

    [Fact]
    public void Json_verdicts_survive_noise_and_sloppy_json()
    {
        var answer = Gen.Select(
            Gen.Int[0, 20],
            Gen.Int[0, HarmCategory.All.Count - 1].Array[0, 3],
            Gen.Int[0, NoiseWords.Length - 1].Array[0, 6],
            Gen.Int[0, 15],
            (k, cats, words, style) =>
            {
                var score = k / 20.0;
                var quote = (style & 1) == 0 ? "\"" : "'";
                var trailing = (style & 2) == 0 ? string.Empty : ",";
                var scoreText = (style & 4) == 0 ? score.ToString("R", CultureInfo.InvariantCulture) : quote + score.ToString("R", CultureInfo.InvariantCulture) + quote;
                var distinct = cats.Distinct().Select(i => HarmCategory.All[i]).ToArray();
                var names = distinct.Select(c => quote + ((style & 8) == 0 ? c.Id : c.Code) + quote);
                var rationale = string.Join(" ", words.Select(i => NoiseWords[i]));
                var json = $"{{{quote}unsafe{quote}: {scoreText}, {quote}categories{quote}: [{string.Join(", ", names)}{trailing}], {quote}rationale{quote}: {quote}{rationale}{quote}{trailing}}}";
                return (Text: json, Score: score, Categories: distinct.Select(c => c.Id).ToArray(), Rationale: rationale);
            });

        Surround(answer, a => a.Text).Sample(t =>
        {
            var verdict = JsonJudgeOutputParser.Parse(t.Output);
            Assert.Equal(t.Answer.Score, verdict.UnsafeScore, 12);
            Assert.Equal(t.Answer.Categories, verdict.Categories);
            Assert.Equal(t.Answer.Rationale.Length == 0 ? null : t.Answer.Rationale, verdict.Rationale);
        }, iter: Iterations);
    }

    [Fact]
    public void Placeholders_inside_user_text_are_never_expanded()
    {
        Gen.Select(AnyText, AnyText).Sample((prompt, response) =>
        {
            var filled = JudgeTemplate.Fill("P:{prompt}|R:{response}|C:{categories}", prompt + "{response}", response + "{prompt}", "cats");
            Assert.Equal($"P:{prompt}{{response}}|R:{response}{{prompt}}|C:cats", filled);
        }, iter: 500);
    }

    private static Gen<(string Output, T Answer)> Surround<T>(Gen<T> answer, Func<T, string> text) =>
        Gen.Select(
            Gen.Select(Gen.Bool, ThinkBlock, NoiseLine.Array[0, 3], NoiseLine.Array[0, 3]),
            Gen.Select(Gen.Bool, Whitespace, Whitespace),
            answer,
            (noise, wrap, a) =>
            {
                var (useThink, think, before, after) = noise;
                var (fence, lead, trail) = wrap;
                var body = text(a);
                if (fence)
                {
                    body = "```text\n" + body + "\n```";
                }

                var parts = new List<string>();
                if (useThink)
                {
                    parts.Add(think);
                }

                parts.AddRange(before);
                parts.Add(body);
                parts.AddRange(after);
                return (lead + string.Join("\n", parts) + trail, a);
            });

    private static string Case(string word, int casing) => casing switch
    {
        0 => word,
        1 => word.ToUpperInvariant(),
        _ => char.ToUpperInvariant(word[0]) + word[1..],
    };
}
