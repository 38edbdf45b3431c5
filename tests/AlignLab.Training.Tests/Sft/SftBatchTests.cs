using AlignLab.Training.Sft;

namespace AlignLab.Training.Tests.Sft;

public sealed class SftBatchTests
{
    [Fact]
    public void Packing_fills_rows_first_fit_with_whole_conversations_and_without_packing_each_conversation_is_a_row()
    {
        List<SftSequence> sequences =
        [
            new([1, 5, 6, 2], [false, true, true, true]),
            new([1, 7, 2], [false, true, true]),
            new([1, 8, 9, 10, 2], [false, false, true, true, true]),
            new([1, 2], [false, true]),
        ];

        var packed = SftBatch.Build(sequences, [0, 1, 2, 3], maxLength: 8, rowsPerBatch: 2, packing: true);
        var single = SftBatch.Build(sequences, [3, 2, 1, 0], maxLength: 8, rowsPerBatch: 3, packing: false);

        var rows = packed.SelectMany(b => b.Rows).ToList();
        Assert.Equal([[1, 5, 6, 2, 1, 7, 2], [1, 8, 9, 10, 2, 1, 2]], rows);
        Assert.Single(packed);
        Assert.Equal(9, packed[0].TargetTokens); // the first token of each row is never a target
        Assert.Equal([3, 1], single.Select(b => b.Rows.Length));
        Assert.Equal([1, 2], single[0].Rows[0]);
    }
}
