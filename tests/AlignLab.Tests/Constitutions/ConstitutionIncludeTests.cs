using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Tests.Constitutions;

public sealed class ConstitutionIncludeTests
{
    private static readonly ConstitutionLoadOptions Api = ConstitutionLoadOptions.Default with { Includes = IncludeMode.None };

    [Theory]
    [InlineData("include: /etc/shadow\n")] // issue 13: each line of the file came back as "unknown key 'root:*:…'"
    [InlineData("include: ../../../../../../etc/passwd\n")]
    [InlineData("include: [base.yaml, /definitely/not/here.yaml]\n")]
    [InlineData("constitutional_ai:\n  include: /etc/hostname\n")]
    public void A_policy_sent_over_the_API_cannot_include_files(string yaml)
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", "constitutional_ai:\n  specific_rules:\n    - {id: r, trigger: x, action: block}\n");

        var result = ConstitutionLoader.LoadText(yaml, "posted.yaml", dir.Path, Api);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.IncludeNotAllowed, d.Code);
        Assert.Equal("a policy sent over the API cannot include files", d.Message);
        Assert.Equal("posted.yaml", d.Location.File);
    }

    [Fact]
    public void Without_includes_an_existing_and_a_missing_path_get_the_same_answer()
    {
        var existing = ConstitutionLoader.LoadText("include: /etc/passwd\n", "p.yaml", null, Api);
        var missing = ConstitutionLoader.LoadText("include: /etc/no-such-file-here\n", "p.yaml", null, Api);

        Assert.Equal(existing.Diagnostics.Select(d => d.ToString()), missing.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void In_folder_mode_a_plain_name_is_read_from_the_include_folder_and_shown_by_its_name_only()
    {
        using var folder = new TempDir();
        folder.Write("base.yaml", "constitutional_ai:\n  specific_rules:\n    - {id: base_rule, trigger: alpha, action: blok}\n");
        var options = ConstitutionLoadOptions.Default with { Includes = IncludeMode.Folder, IncludeFolder = folder.Path };

        var result = ConstitutionLoader.LoadText("include: base.yaml\n", "posted.yaml", "/somewhere/else", options);

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.UnknownAction, d.Code);
        Assert.Equal("base.yaml", d.Location.File);
        Assert.DoesNotContain(folder.Path, d.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/base.yaml")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a\\\\b.yaml")]
    [InlineData("x..y")]
    public void In_folder_mode_anything_but_a_plain_file_name_is_refused_without_being_read(string path)
    {
        using var folder = new TempDir();
        var options = ConstitutionLoadOptions.Default with { Includes = IncludeMode.Folder, IncludeFolder = folder.Path };

        var result = ConstitutionLoader.LoadText($"include: \"{path}\"\n", "posted.yaml", null, options);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.IncludeNotAllowed, d.Code);
        Assert.Equal((1, 10), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void Folder_mode_needs_a_folder() =>
        Assert.Throws<ArgumentException>(() =>
            ConstitutionLoader.LoadText("name: x\n", "p.yaml", null, ConstitutionLoadOptions.Default with { Includes = IncludeMode.Folder }));

    [Fact]
    public void An_included_file_that_is_not_a_constitution_is_one_error_that_quotes_none_of_it()
    {
        using var dir = new TempDir();
        dir.Write("shadow", "root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\nbin:*:20228:0:99999:7:::\n");
        dir.Write("passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        dir.Write("other.yaml", "database:\n  password: hunter2\n  host: db\n");
        var main = dir.Write("main.yaml", "include: [shadow, passwd, other.yaml]\n");

        var errors = ConstitutionLoader.LoadFile(main).Errors.ToList();

        Assert.Equal(3, errors.Count);
        Assert.All(errors, d =>
        {
            Assert.Equal(DiagnosticCodes.WrongType, d.Code);
            Assert.EndsWith("main.yaml", d.Location.File, StringComparison.Ordinal);
            Assert.Contains("is not a constitution", d.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("root", d.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", d.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("database", d.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_included_constitution_with_a_typo_still_gets_its_own_diagnostics()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", "specific_rules:\n  - {id: r, trigger: x, action: block}\nspecfic_rules: []\n");
        var main = dir.Write("main.yaml", "include: base.yaml\n");

        var d = Assert.Single(ConstitutionLoader.LoadFile(main).Errors);

        Assert.Equal(DiagnosticCodes.UnknownKey, d.Code);
        Assert.EndsWith("base.yaml", d.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Including_a_directory_says_it_is_a_directory()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("sub"));
        var main = dir.Write("main.yaml", "include: ../..\n");
        var sub = dir.Write("sub.yaml", "include: sub\n");

        var up = Assert.Single(ConstitutionLoader.LoadFile(main).Errors);
        var down = Assert.Single(ConstitutionLoader.LoadFile(sub).Errors);

        Assert.Contains("is a directory, not a file", up.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", up.Message, StringComparison.Ordinal);
        Assert.Contains("sub is a directory", down.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero")] // issue 13: validate ran out of memory after 25 s at 4.2 GB
    [InlineData("/dev/urandom")]
    [InlineData("/dev/null")]
    public void Including_a_device_is_refused_without_reading_it(string device)
    {
        if (!File.Exists(device))
        {
            return;
        }

        var d = Assert.Single(ConstitutionLoader.LoadText($"include: {device}\n", "p.yaml").Errors);

        Assert.Equal(DiagnosticCodes.FileNotFound, d.Code);
        Assert.Contains("not a regular file", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Including_a_named_pipe_does_not_wait_for_a_writer()
    {
        using var dir = new TempDir();
        var fifo = dir.File("pipe");
        if (!MakeFifo(fifo))
        {
            return; // no mkfifo here
        }

        var main = dir.Write("main.yaml", "include: pipe\n");
        var load = Task.Run(() => ConstitutionLoader.LoadFile(main));

        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(load, finished); // issue 13: the old loader blocked in open() forever
        Assert.Contains("not a regular file", Assert.Single((await load).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_given_directly_that_never_ends_stops_at_the_size_cap()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        var d = Assert.Single(ConstitutionLoader.LoadFile("/dev/zero").Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Contains("more than 4,194,304 bytes", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_included_file_is_refused_by_its_size_before_it_is_read()
    {
        using var dir = new TempDir();
        using (var big = File.Create(dir.File("big.yaml")))
        {
            big.SetLength(5L * 1024 * 1024 * 1024); // sparse: nothing is written
        }

        var main = dir.Write("main.yaml", "include: big.yaml\n");
        var d = Assert.Single(ConstitutionLoader.LoadFile(main).Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Contains("5,368,709,120 bytes", d.Message, StringComparison.Ordinal);
    }

    internal static bool MakeFifo(string path)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
