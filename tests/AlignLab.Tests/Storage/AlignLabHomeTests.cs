using AlignLab.Storage;

namespace AlignLab.Tests.Storage;

/// <summary>
/// Where AlignLab keeps its state. Before, <c>alignlab serve</c> created <c>alignlab-audit.db</c> in whatever directory
/// it ran from (an untracked file at the repository root) and <c>eval</c> wrote <c>eval-results/</c> there.
/// </summary>
public sealed class AlignLabHomeTests
{
    private static readonly string Local = OperatingSystem.IsWindows() ? @"C:\Users\ada\AppData\Local" : "/home/ada/.local/share";

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void ALIGNLAB_HOME_wins_over_XDG_DATA_HOME_and_the_user_data_folder()
    {
        var home = Path.Combine(Path.GetTempPath(), "my-alignlab");
        var xdg = Path.Combine(Path.GetTempPath(), "xdg");

        Assert.Equal(home, AlignLabHome.Resolve(Env(("ALIGNLAB_HOME", home), ("XDG_DATA_HOME", xdg)), Local));
        Assert.Equal(Path.Combine(xdg, "alignlab"), AlignLabHome.Resolve(Env(("XDG_DATA_HOME", xdg)), Local));
        Assert.Equal(Path.Combine(Local, "alignlab"), AlignLabHome.Resolve(Env(), Local));
    }

    [Fact]
    public void A_relative_ALIGNLAB_HOME_is_made_absolute_and_a_relative_or_blank_XDG_DATA_HOME_is_ignored()
    {
        Assert.Equal(Path.GetFullPath("state"), AlignLabHome.Resolve(Env(("ALIGNLAB_HOME", "state")), Local));
        Assert.Equal(Path.Combine(Local, "alignlab"), AlignLabHome.Resolve(Env(("ALIGNLAB_HOME", "  "), ("XDG_DATA_HOME", "relative/data")), Local));
    }

    [Fact]
    public void Without_any_user_data_folder_the_state_goes_in_a_dot_folder_not_loose_in_the_current_directory()
    {
        Assert.Equal(Path.GetFullPath(".alignlab"), AlignLabHome.Resolve(Env(), ""));
    }

    [Fact]
    public void The_process_home_follows_the_environment_variable_and_holds_eval_results()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        Assert.Equal(AlignLabHome.Resolve(Environment.GetEnvironmentVariable, local), AlignLabHome.Path);
        Assert.Equal(Path.Combine(AlignLabHome.Path, "eval-results"), AlignLabHome.EvalResults);
        Assert.Equal(Path.Combine(AlignLabHome.Path, "alignlab-audit.db"), AlignLabHome.Combine("alignlab-audit.db"));
        Assert.NotEqual(Path.GetFullPath(Directory.GetCurrentDirectory()), AlignLabHome.Path);
    }
}
