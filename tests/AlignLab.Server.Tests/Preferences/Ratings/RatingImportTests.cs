using System.Text;
using AlignLab.Server.Preferences.Ratings;

namespace AlignLab.Server.Tests.Preferences.Ratings;

public sealed class RatingImportTests
{
    [Fact]
    public void A_candidates_file_gives_one_item_per_two_answers_and_keeps_no_model_name()
    {
        // prefs collect --models secret-model-alpha,secret-model-beta,secret-model-gamma writes one candidate set per prompt.
        var text = "{\"id\":\"q1\",\"prompt\":\"hi\",\"candidates\":["
            + "{\"model\":\"secret-model-alpha\",\"sample\":0,\"text\":\"one\"},"
            + "{\"model\":\"secret-model-beta\",\"sample\":0,\"text\":\"two\"},"
            + "{\"model\":\"secret-model-gamma\",\"sample\":0,\"text\":\"three\"}]}\n"
            + "{\"prompt\":\"p\",\"chosen\":\"c\",\"rejected\":\"r\"}\n";

        var read = RatingImport.Read(new StringReader(text));

        Assert.Equal(0, read.Malformed);
        Assert.Equal(["q1:0-1", "q1:0-2", "q1:1-2", "L2"], read.Items.Select(i => i.Key));
        Assert.Equal(("one", "three", 1L), (read.Items[1].First, read.Items[1].Second, read.Items[1].Line));
        Assert.DoesNotContain(read.Items, i => (i.Key + i.Prompt + i.First + i.Second).Contains("secret-model", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_lines_are_reported_with_their_line_numbers_and_skipped_and_the_rest_is_read()
    {
        var text = new StringBuilder()
            .Append("{\"prompt\":\"p1\",\"chosen\":\"a\",\"rejected\":\"b\"}\n")
            .Append("not json\n")
            .Append("{\"prompt\":\"p3\",\"chosen\":\"a\"}\n")
            .Append("{\"prompt\":\"p4\",\"candidates\":[{\"model\":\"m\",\"text\":\"only one\"}]}\n")
            .Append("{\"prompt\":\" \",\"chosen\":\"a\",\"rejected\":\"b\"}\n")
            .Append("{\"prompt\":\"p6\",\"chosen\":\"").Append('x', RatingImport.MaxLineChars + 10).Append("\",\"rejected\":\"b\"}\n")
            .Append("[1,2]\n")
            .Append("{\"prompt\":\"p8\",\"chosen\":\"a\",\"rejected\":\"b\"}\n")
            .ToString();

        var read = RatingImport.Read(new StringReader(text));

        Assert.Equal(["p1", "p8"], read.Items.Select(i => i.Prompt));
        Assert.Equal(6, read.Malformed);
        Assert.Equal([2L, 3, 4, 5, 6, 7], read.Errors.Select(e => e.Line));
        Assert.All(read.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }
}
