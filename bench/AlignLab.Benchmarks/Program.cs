using BenchmarkDotNet.Running;

// Run e.g.: dotnet run -c Release --project bench/AlignLab.Benchmarks -- --filter '*' --affinity 1
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
