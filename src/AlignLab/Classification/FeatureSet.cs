namespace AlignLab.Classification;

/// <summary>Which hashed n-gram families <see cref="NgramFeaturizer"/> emits; stored in the model so it is scored with the features it was trained on.</summary>
[Flags]
public enum FeatureSet
{
    /// <summary>Word unigrams and bigrams, and character 3- and 4-grams inside each word (model format 1).</summary>
    Basic = 0,

    /// <summary>Word trigrams.</summary>
    WordTrigrams = 1,

    /// <summary>Character 5-grams across word boundaries (non-word runs collapsed to one space): "e a pi", "o bui".</summary>
    CrossWordChar5 = 2,

    /// <summary>Everything: the default for new models.</summary>
    All = WordTrigrams | CrossWordChar5,
}
