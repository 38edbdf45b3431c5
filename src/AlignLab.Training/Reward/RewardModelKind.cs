namespace AlignLab.Training.Reward;

/// <summary>What a reward model reads its features from.</summary>
public enum RewardModelKind
{
    /// <summary>A decoder checkpoint; the head reads the final hidden state of the answer's last token (its EOS).</summary>
    Decoder,

    /// <summary>A frozen sentence encoder (all-MiniLM-L6-v2); the head reads the prompt's and the answer's embeddings.</summary>
    Encoder,
}
