namespace AlignLab.Classification.Data;

/// <summary>One dataset, turned into labelled examples for the safety classifier.</summary>
public interface IDatasetSource
{
    /// <summary>A short stable name, used as <see cref="LabeledText.Source"/>.</summary>
    string Name { get; }

    /// <summary>The dataset's licence.</summary>
    string Licence { get; }

    /// <summary>Whether the rows may train the shipped model.</summary>
    DataUse Use { get; }

    /// <summary>Reads the dataset. Every call returns the same rows in the same order.</summary>
    IEnumerable<LabeledText> Load(DataDirectories dirs);
}
