using System.Runtime.CompilerServices;

namespace AlignLab.Training.Tests;

/// <summary>
/// One intra-op thread for every test in this assembly. The tiny models gain nothing from more, and with test classes
/// running in parallel on a shared 2-core machine, OpenMP's spinning workers made a training step 40 times slower
/// (200 against 7,600 tokens/s measured with OMP_NUM_THREADS unset and = 1).
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void One() => TorchSharp.torch.set_num_threads(1);
}
