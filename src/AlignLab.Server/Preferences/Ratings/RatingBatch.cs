namespace AlignLab.Server.Preferences.Ratings;

/// <summary>One imported file: a rating queue.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Name">The name given at import (the file name by default).</param>
/// <param name="CreatedBy">The key name that imported it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Items">How many pairs it holds.</param>
/// <param name="Salt">The secret the display order of each item and rater is derived from (<see cref="RatingOrder"/>); never sent out.</param>
internal sealed record RatingBatch(long Id, string Name, string CreatedBy, DateTimeOffset CreatedAt, int Items, string Salt);
