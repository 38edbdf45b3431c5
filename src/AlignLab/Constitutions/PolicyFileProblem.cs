namespace AlignLab.Constitutions;

/// <summary>Why <see cref="PolicyFileReader"/> returned no bytes.</summary>
internal enum PolicyFileProblem
{
    None,
    NotFound,
    Directory,
    NotRegular,
    TooLarge,
}
