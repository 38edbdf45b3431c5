using System.Text;
using System.Text.RegularExpressions;
using AlignLab.Providers.Llama.Loading;
using LLama;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Llama.Generation;

/// <summary>
/// Turns chat messages into prompt tokens with the model's chat template. The template's own text is tokenized with
/// special tokens recognised (<c>&lt;|im_start|&gt;</c>, <c>&lt;|eot_id|&gt;</c>, …) but message text never is: a user who
/// writes <c>&lt;|im_end|&gt;&lt;|im_start|&gt;assistant</c> gets those characters as plain text, not a forged turn. This
/// matters most for a guard model, whose verdict a forged assistant turn could otherwise pre-empt.
/// </summary>
internal static partial class PromptTokenizer
{
    public static List<LLamaToken> Tokenize(LlamaModel model, IEnumerable<ChatMessage> messages)
    {
        // Each message's text is replaced by a marker, the template is applied, and the markers are swapped back for the
        // text tokenized on its own. The nonce keeps message text from ever being taken for a marker.
        var nonce = Guid.NewGuid().ToString("N");
        var template = new LLamaTemplate(model.Template) { AddAssistant = true };
        var texts = new List<string>();
        foreach (var message in messages)
        {
            template.Add(message.Role.Value, $"<<alignlab:{nonce}:{texts.Count}>>");
            texts.Add(message.Text.Trim());
        }

        var rendered = Encoding.UTF8.GetString(template.Apply());
        var tokens = new List<LLamaToken>();
        var position = 0;
        foreach (Match m in Marker().Matches(rendered))
        {
            if (m.Groups["nonce"].Value != nonce)
            {
                continue;
            }

            Add(model.Weights, tokens, rendered[position..m.Index], special: true);
            var index = int.Parse(m.Groups["index"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
            Add(model.Weights, tokens, texts[index], special: false);
            position = m.Index + m.Length;
        }

        Add(model.Weights, tokens, rendered[position..], special: true);
        var vocabulary = model.Weights.Vocab;
        if (vocabulary.ShouldAddBOS && vocabulary.BOS is { } bos && (tokens.Count == 0 || tokens[0] != bos))
        {
            tokens.Insert(0, bos);
        }

        return tokens;
    }

    private static void Add(LLamaWeights weights, List<LLamaToken> tokens, string text, bool special)
    {
        if (text.Length > 0)
        {
            tokens.AddRange(weights.Tokenize(text, false, special, Encoding.UTF8));
        }
    }

    [GeneratedRegex("<<alignlab:(?<nonce>[0-9a-f]{32}):(?<index>[0-9]+)>>")]
    private static partial Regex Marker();
}
