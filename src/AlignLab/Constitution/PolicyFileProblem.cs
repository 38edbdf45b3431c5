namespace AlignLab.Constitution;

/// <summary>Why <see cref="PolicyFileReader"/> returned no bytes.</summary>
internal enum PolicyFileProblem
{
    None,
    NotFound,
    Directory,
    NotRegular,
    TooLarge,
}
