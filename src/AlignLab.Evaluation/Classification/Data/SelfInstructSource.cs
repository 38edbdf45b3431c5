namespace AlignLab.Classification.Data;

/// <summary>
/// self-instruct (Apache-2.0): the 175 human-written seed tasks and 252 user-oriented instructions, all benign. The text
/// is the instruction, followed by its first instance's input when there is one.
/// </summary>
public sealed class SelfInstructSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "self-instruct";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        foreach (var (file, prefix) in new[] { ("seed_tasks.jsonl", "seed"), ("user_oriented_instructions.jsonl", "user") })
        {
            var path = DataFiles.Require(dirs.Shared, Name, "self-instruct", file);
            foreach (var (i, e) in DataFiles.JsonLines(path))
            {
                var text = e.Str("instruction");
                if (e.TryGetProperty("instances", out var instances) && instances.ValueKind == System.Text.Json.JsonValueKind.Array && instances.GetArrayLength() > 0)
                {
                    var input = instances[0].Str("input");
                    if (!string.IsNullOrWhiteSpace(input))
                    {
                        text += "\n\n" + input;
                    }
                }

                var id = e.Str("id");
                yield return LabeledText.Benign(text, Name, $"{prefix}/{(id.Length > 0 ? id : i)}");
            }
        }
    }
}
