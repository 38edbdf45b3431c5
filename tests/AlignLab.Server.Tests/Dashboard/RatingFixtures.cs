using System.Text;
using AlignLab.Server.Hosting;
using AlignLab.Server.Preferences;
using AlignLab.Server.Preferences.Ratings;
using AlignLab.Server.Security;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Server.Tests.Dashboard;

/// <summary>Candidate files and a gateway with three rater keys for the blinded rating page's tests.</summary>
public static class RatingFixtures
{
    public const string SecondKey = "rater-two-key-0123456789";
    public const string ThirdKey = "rater-three-key-0123456789";

    /// <summary>Model names that must never reach a rater.</summary>
    public static readonly string[] Models = ["secret-model-alpha", "secret-model-beta"];

    /// <summary>A <c>prefs collect</c> file: <paramref name="prompts"/> prompts, each answered once by both models.</summary>
    public static string Candidates(int prompts, Func<int, int, string>? answer = null)
    {
        answer ??= (p, m) => $"answer {m} to prompt {p}";
        var text = new StringBuilder();
        for (var p = 0; p < prompts; p++)
        {
            text.Append("{\"id\":\"q").Append(p).Append("\",\"prompt\":\"prompt ").Append(p).Append("\",\"candidates\":[");
            for (var m = 0; m < Models.Length; m++)
            {
                text.Append(m == 0 ? "" : ",").Append("{\"model\":\"").Append(Models[m]).Append("\",\"sample\":0,\"text\":")
                    .Append(System.Text.Json.JsonSerializer.Serialize(answer(p, m))).Append('}');
            }

            text.Append("]}\n");
        }

        return text.ToString();
    }

    /// <summary>A gateway whose default key is rater <c>tests</c>, with <c>rater2</c> and <c>rater3</c> as well.</summary>
    public static Task<RunningGateway> StartAsync(Action<GatewayOptions>? configure = null) => RunningGateway.StartAsync(o =>
    {
        o.ApiKeys.Add(new ApiKeyEntry("rater2", ApiKeyHasher.Hash(SecondKey), 10_000, 10_000, ApiScopes.All));
        o.ApiKeys.Add(new ApiKeyEntry("rater3", ApiKeyHasher.Hash(ThirdKey), 10_000, 10_000, ApiScopes.All));
        configure?.Invoke(o);
    });

    /// <summary>The gateway's rating store, read directly (what was stored).</summary>
    internal static IRatingStore Store(RunningGateway gateway) =>
        RatingStores.For(gateway.App.Services.GetRequiredService<IPreferenceStore>(), TimeProvider.System);
}
