using AlignLab.Training.Lora;

namespace AlignLab.Training.Tests.Lora;

public sealed class LoraOptionsTests
{
    [Fact]
    public void The_command_line_form_r_16_alpha_32_parses_with_PEFT_defaults_for_the_rest()
    {
        var (options, errors) = LoraOptions.Parse("r=16,alpha=32");
        Assert.Empty(errors);
        Assert.Equal(16, options!.Rank);
        Assert.Equal(2.0, options.Scaling);
        Assert.Equal(["q_proj", "v_proj"], options.TargetModules);
        Assert.Equal(0, options.Dropout);
    }

    [Fact]
    public void Targets_dropout_and_rslora_parse_and_every_bad_part_is_reported()
    {
        var (options, _) = LoraOptions.Parse("r=4, alpha=8, dropout=0.1, targets=q_proj+k_proj+o_proj, rslora=true");
        Assert.Equal(["q_proj", "k_proj", "o_proj"], options!.TargetModules);
        Assert.Equal(4.0, options.Scaling); // 8 / √4
        var (none, errors) = LoraOptions.Parse("r=x,alpha=-1,dropout=1.5,colour=blue");
        Assert.Null(none);
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("'r=x'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown key 'colour'", StringComparison.Ordinal));
    }
}
