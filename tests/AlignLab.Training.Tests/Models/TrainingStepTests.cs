using System.Diagnostics;
using AlignLab.Training.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Models;

public sealed class TrainingStepTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DecoderArchitecture.Llama)]
    [InlineData(DecoderArchitecture.Qwen2)]
    [InlineData(DecoderArchitecture.Gemma)]
    public void Gradients_reach_every_parameter_and_a_few_adam_steps_memorise_a_batch(DecoderArchitecture architecture)
    {
        random.manual_seed(11);
        using var model = new DecoderModel(DecoderConfig.Tiny(architecture));
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), lr: 3e-3);
        using var batch = randint(3, 259, [8, 64], dtype: ScalarType.Int64);
        var losses = new List<float>();
        var clock = Stopwatch.StartNew();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.Forward(batch[.., ..^1]);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, 259), batch[.., 1..].reshape(-1));
            loss.backward();
            if (step == 0)
            {
                foreach (var (name, parameter) in model.NamedTensors())
                {
                    Assert.True(parameter.grad is { } grad && grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
                }
            }

            optimizer.step();
            losses.Add(loss.item<float>());
        }

        var parameters = model.NamedTensors().Sum(p => p.Value.numel());
        output.WriteLine($"{architecture}: {parameters} parameters, 30 AdamW steps of 8 × 63 tokens in {clock.Elapsed.TotalSeconds:F2} s " +
                         $"({clock.Elapsed.TotalMilliseconds / 30:F1} ms/step), loss {losses[0]:F3} → {losses[^1]:F3}, " +
                         $"RSS {Process.GetCurrentProcess().WorkingSet64 / 1048576} MB");
        Assert.InRange(losses[0], 5.0f, 6.2f); // ≈ ln 259 = 5.56 at random initialisation
        Assert.True(losses[^1] < losses[0] - 1, $"loss {losses[0]} → {losses[^1]}");
    }
}
