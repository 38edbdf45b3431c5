using System.Text.Json;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>Every string of the Big List of Naughty Strings goes through <c>alignlab check</c> without error.</summary>
public sealed class BlnsCheckTests
{
    [SharedDataFact]
    public async Task Every_naughty_string_passes_through_check()
    {
        var blns = Path.Combine(RepoPaths.SharedData, "blns", "blns.json");
        var strings = JsonSerializer.Deserialize<string[]>(await File.ReadAllTextAsync(blns))!;
        var dir = Directory.CreateTempSubdirectory("alignlab-blns-");
        try
        {
            var path = Path.Combine(dir.FullName, "input.txt");
            foreach (var s in strings)
            {
                // Through a file, so strings such as "--" or "-1" are text, not options.
                await File.WriteAllTextAsync(path, s);
                var r = await CliRunner.RunAsync("check", "--file", path, "--json");

                Assert.True(r.ExitCode is ExitCodes.Ok or ExitCodes.Blocked, $"exit {r.ExitCode} for {JsonSerializer.Serialize(s)}: {r.Error}");
                using var doc = JsonDocument.Parse(r.Output);
                // A leading U+FEFF reads back as a byte-order mark and is (rightly) not part of the text.
                Assert.Equal((await File.ReadAllTextAsync(path)).Length, doc.RootElement.GetProperty("input_length").GetInt32());
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
