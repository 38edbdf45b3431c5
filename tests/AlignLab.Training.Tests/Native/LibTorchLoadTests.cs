using TorchSharp;

namespace AlignLab.Training.Tests.Native;

/// <summary>
/// TorchSharp's native library needs GLIBCXX_3.4.32, which Debian 12's libstdc++ lacks; the build marks that requirement weak
/// (src/AlignLab.Training/buildTransitive/AlignLab.Training.targets). Without it the first tensor op threw
/// "Failed to load native component" on this machine.
/// </summary>
public sealed class LibTorchLoadTests
{
    [Fact]
    public void A_tensor_op_runs_in_the_test_process_because_the_build_weakened_the_glibcxx_requirement()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.full(3, 4, 2f);
        using var product = a.matmul(b);
        Assert.Equal(new long[] { 2, 4 }, product.shape);
        Assert.Equal(6f, product[1, 3].item<float>());
    }

    [Fact]
    public void The_copied_native_library_marks_glibcxx_3_4_32_weak()
    {
        var library = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.NotEmpty(library);
        foreach (var path in library)
        {
            var flags = ElfVersionNeeds.Read(File.ReadAllBytes(path));
            Assert.True(flags.TryGetValue("GLIBCXX_3.4.32", out var flag), $"{path} does not name GLIBCXX_3.4.32");
            Assert.Equal(2, flag & 2); // VER_FLG_WEAK
            Assert.Equal(0, flags["GLIBCXX_3.4.30"] & 2); // only the named version is touched
        }
    }
}
