using AlignLab.Constitutions;

namespace AlignLab.Cli;

/// <summary>Loads the constitution named by --policy, or the embedded default, reporting every problem.</summary>
internal static class PolicySource
{
    public static Constitution? Load(string? path, CliContext ctx)
    {
        if (path is null)
        {
            return ConstitutionLoader.LoadDefault();
        }

        var result = ConstitutionLoader.LoadFile(path);
        foreach (var d in result.Diagnostics)
        {
            ctx.Error.WriteLine(d.ToString());
        }

        if (!result.Success)
        {
            ctx.Error.WriteLine($"alignlab: the policy '{path}' has {result.Errors.Count()} error(s); run 'alignlab validate {path}' for details.");
        }

        return result.Constitution;
    }
}
