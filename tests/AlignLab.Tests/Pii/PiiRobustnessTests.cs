using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AlignLab.Pii;

namespace AlignLab.Tests.Pii;

/// <summary>Runs timing-sensitive tests alone, not beside other test classes.</summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;

/// <summary>Hostile, huge and malformed input: never a throw, never super-linear time.</summary>
[Collection(nameof(TimingCollection))]
public sealed class PiiRobustnessTests
{
    [SharedDataFact]
    public void Every_naughty_string_is_scanned_without_error()
    {
        var strings = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(RepoPaths.SharedData, "blns", "blns.json")))!;
        Assert.True(strings.Length > 400);
        foreach (var s in strings)
        {
            PiiPropertyTests.AssertWellFormed(s);
            PiiPropertyTests.AssertWellFormed(s + " jane@example.com " + s);
        }

        PiiPropertyTests.AssertWellFormed(string.Join("\n", strings));
    }

    [Fact]
    public void Lone_surrogates_and_control_characters_are_harmless()
    {
        var text = "\uD800 jane@example.com \uDC00\u0000 4111111111111111\uDBFF +44 20 7946 0958 \uFFFF";
        var kinds = PiiDetector.Default.Detect(text).Select(e => e.Kind).ToArray();
        Assert.Equal([PiiKind.Email, PiiKind.CreditCard, PiiKind.Phone], kinds);
    }

    /// <summary>Inputs built to make a naive (backtracking or rescanning) scanner quadratic.</summary>
    public static TheoryData<string> Adversarial => new()
    {
        "digits",
        "digits-spaced",
        "at-signs",
        "local-parts",
        "dotted",
        "colons",
        "hex-colons",
        "eyJ",
        "pem-begins",
        "assignments",
        "upper",
        "plus",
    };

    private static string Build(string kind, int size)
    {
        string unit = kind switch
        {
            "digits" => "1",
            "digits-spaced" => "1234 ",
            "at-signs" => "a@",
            "local-parts" => "abcdefgh.",
            "dotted" => "1.",
            "colons" => "1:",
            "hex-colons" => "ab:",
            "eyJ" => "eyJ.",
            "pem-begins" => "-----BEGIN RSA PRIVATE KEY-----\n",
            "assignments" => "password=",
            "upper" => "DE89",
            _ => "+1 ",
        };
        var sb = new StringBuilder(size + unit.Length);
        while (sb.Length < size)
        {
            sb.Append(unit);
        }

        return sb.ToString(0, size);
    }

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Scanning_time_grows_linearly_on_adversarial_input(string kind)
    {
        var small = Build(kind, 100_000);
        var large = Build(kind, 1_600_000);
        PiiDetector.Default.Detect(small); // warm up

        var tSmall = Measure(small);
        var tLarge = Measure(large);

        // 16× the input: linear is ~16×; quadratic would be ~256×. Allow generous noise.
        Assert.True(tLarge.TotalMilliseconds < (tSmall.TotalMilliseconds * 64) + 200,
            $"{kind}: {tSmall.TotalMilliseconds:F1} ms for 100 KB, {tLarge.TotalMilliseconds:F1} ms for 1.6 MB");
    }

    private static TimeSpan Measure(string text)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            PiiDetector.Default.Detect(text);
            sw.Stop();
            best = sw.Elapsed < best ? sw.Elapsed : best;
        }

        return best;
    }

    [Fact]
    public void A_ten_megabyte_input_is_scanned_quickly_and_finds_what_was_planted()
    {
        var sb = new StringBuilder(10 * 1024 * 1024 + 4096);
        var i = 0;
        while (sb.Length < 10 * 1024 * 1024)
        {
            sb.Append(i++ % 1000 == 999
                ? "Reach jane@example.com or card 4111 1111 1111 1111. "
                : "The report from 2024-01-15 lists 1,234 units at $19.99 in version 1.2.3 of the app. ");
        }

        var text = sb.ToString();
        var sw = Stopwatch.StartNew();
        var entities = PiiDetector.Default.Detect(text);
        sw.Stop();
        Assert.Equal(2 * (i / 1000), entities.Count);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"10 MB took {sw.Elapsed}");
    }
}
