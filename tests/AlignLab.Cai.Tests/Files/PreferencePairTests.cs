using System.Text.Json;
using AlignLab.Cai.Files;

namespace AlignLab.Cai.Tests.Files;

public sealed class PreferencePairTests
{
    [Fact]
    public void A_pair_is_written_in_the_explicit_prompt_shape_trainers_read_and_leaves_out_unset_provenance()
    {
        var json = JsonSerializer.Serialize(new PreferencePair { Prompt = "p", Chosen = "c", Rejected = "r" });
        Assert.Equal("""{"prompt":"p","chosen":"c","rejected":"r"}""", json);
    }

    [Fact]
    public void A_pair_with_provenance_reads_back_equal()
    {
        var pair = new PreferencePair { Prompt = "p", Chosen = "c", Rejected = "r", Id = "7", Source = "cai" };
        Assert.Equal(pair, JsonSerializer.Deserialize<PreferencePair>(JsonSerializer.Serialize(pair)));
    }
}
