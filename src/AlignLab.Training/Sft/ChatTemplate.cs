namespace AlignLab.Training.Sft;

/// <summary>
/// The default chat template, used when the tokenizer brings none: BOS, then per turn <c>&lt;|role|&gt;\n</c> +
/// content + <c>\n</c>, where an assistant turn's content is followed by EOS before the newline. The loss covers an
/// assistant turn's content and its EOS only. The generation prompt is <c>&lt;|assistant|&gt;\n</c>. As a Hugging Face
/// Jinja template (with TRL's generation markers, so TRL's assistant_only_loss masks the same tokens):
/// <see cref="Jinja"/>.
/// </summary>
public static class ChatTemplate
{
    /// <summary>The same template in Jinja, for tokenizer_config.json's <c>chat_template</c>.</summary>
    public const string Jinja =
        "{{ bos_token }}{% for message in messages %}<|{{ message['role'] }}|>\n"
        + "{% if message['role'] == 'assistant' %}{% generation %}{{ message['content'] }}{{ eos_token }}{% endgeneration %}"
        + "{% else %}{{ message['content'] }}{% endif %}\n{% endfor %}"
        + "{% if add_generation_prompt %}<|assistant|>\n{% endif %}";

    /// <summary>The text that opens a turn of <paramref name="role"/>.</summary>
    public static string Header(string role) => $"<|{role}|>\n";
}
