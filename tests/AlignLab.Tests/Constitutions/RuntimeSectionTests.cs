using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Tests.Constitutions;

public sealed class RuntimeSectionTests
{
    private const string Full = """
        constitutional_ai:
          core_principles:
            - {id: harmless, description: Do no harm.}
          models:
            guard: "ollama:llama-guard3@http://127.0.0.1:11434;timeout=10s"
            critic: {provider: openai, model: small, endpoint: "http://127.0.0.1:8000/v1", api_key_env: CRITIC_KEY, retries: 1}
          judges:
            - {id: llama_guard, model: guard, template: llama_guard, stages: [input, output], threshold: 0.6, timeout: 5s}
          critique_revision: {critic: critic, max_rounds: 4, principles_per_round: 1, min_improvement: 1, seed: 7}
          consensus:
            validators:
              - {id: cls, detector: classifier, weight: 1}
              - {id: guard, detector: llama_guard, weight: 2, role: safety, veto_power: [S9, child_sexual_exploitation]}
            approval_threshold: 0.55
            require_majority: true
            disagreement_threshold: 0.3
            on_validator_failure: unsafe
          cache: {max_entries: 50, ttl: 2m}
          context_injection: {min_score: 0.25, guidance: "Be careful."}
          pii: {kinds: [email, credit_card]}
          review_queue: {path: reviews.db}
        """;

    [Fact]
    public void Reads_every_runtime_section()
    {
        var result = ConstitutionLoader.LoadText(Full, "r.yaml", "/tmp/policies");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var rt = result.Constitution!.Runtime;

        Assert.Equal("ollama", rt.Models["guard"].Provider);
        Assert.Equal(TimeSpan.FromSeconds(10), rt.Models["guard"].Timeout);
        Assert.Equal("guard", rt.Models["guard"].Name);
        Assert.Equal("CRITIC_KEY", rt.Models["critic"].ApiKeyEnvironmentVariable);
        Assert.Equal(1, rt.Models["critic"].MaxRetries);
        Assert.Equal(new Uri("http://127.0.0.1:8000/v1"), rt.Models["critic"].Endpoint);

        var judge = Assert.Single(rt.Judges);
        Assert.Equal(("llama_guard", "guard", 0.6, TimeSpan.FromSeconds(5)), (judge.Id, judge.Model, judge.Threshold, judge.Timeout));

        Assert.True(rt.CritiqueRevision.Enabled);
        Assert.Equal(("critic", 4, 1, 1.0, 7), (rt.CritiqueRevision.Critic, rt.CritiqueRevision.MaxRounds, rt.CritiqueRevision.PrinciplesPerRound, rt.CritiqueRevision.MinImprovement, rt.CritiqueRevision.Seed));

        Assert.True(rt.Consensus.Enabled);
        Assert.Equal(2, rt.Consensus.Validators.Length);
        Assert.Equal(["indiscriminate_weapons", "child_sexual_exploitation"], rt.Consensus.Validators[1].VetoCategories.ToArray());
        Assert.Equal((0.55, true, 0.3, "unsafe"), (rt.Consensus.ApprovalThreshold, rt.Consensus.RequireMajority, rt.Consensus.DisagreementThreshold, rt.Consensus.OnValidatorFailure));

        Assert.Equal((50, TimeSpan.FromMinutes(2)), (rt.Cache.MaxEntries, rt.Cache.TimeToLive));
        Assert.Equal((0.25, "Be careful."), (rt.ContextInjection.MinScore, rt.ContextInjection.Guidance));
        Assert.Equal(["email", "credit_card"], rt.Pii.Kinds.ToArray());
        Assert.Equal(Path.GetFullPath("/tmp/policies/reviews.db"), rt.ReviewQueuePath);
    }

    [Fact]
    public void Defaults_leave_model_features_off()
    {
        var rt = ConstitutionLoader.LoadDefault().Runtime;
        Assert.False(rt.CritiqueRevision.Enabled);
        Assert.False(rt.Consensus.Enabled);
        Assert.True(rt.Pii.Enabled);
        Assert.True(rt.Cache.Enabled);
        Assert.Empty(rt.Models);
    }

    [Fact]
    public void Runtime_errors_are_all_reported_with_positions()
    {
        const string yaml = """
            constitutional_ai:
              models:
                guard: "opnai:x"
                other: "openai:x;api_key=sk-live-secret"
              judges:
                - {id: j, model: gaurd, template: llama_gard}
              critique_revision: {critic: nobody, max_rounds: 50}
              consensus:
                validators:
                  - {id: v, detector: jj, weight: 0, veto_power: [S99]}
              cache: {ttl: forever}
              pii: {kinds: [emial]}
            """;
        var result = ConstitutionLoader.LoadText(yaml, "bad.yaml");
        Assert.False(result.Success);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        var all = string.Join("\n", errors);

        Assert.Contains(errors, e => e.StartsWith("bad.yaml:3:12", StringComparison.Ordinal) && e.Contains("did you mean 'openai'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:4:12", StringComparison.Ordinal) && e.Contains("environment variables only", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-live-secret", all, StringComparison.Ordinal);
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:6:39", StringComparison.Ordinal) && e.Contains("llama_guard", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:6:22", StringComparison.Ordinal) && e.Contains("unknown model 'gaurd'", StringComparison.Ordinal) && e.Contains("did you mean 'guard'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:7:31", StringComparison.Ordinal) && e.Contains("unknown model 'nobody'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:7:51", StringComparison.Ordinal) && e.Contains("max_rounds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:10:9", StringComparison.Ordinal) && e.Contains("unknown detector 'jj'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("weight must be greater than 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown category 'S99'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:11:16", StringComparison.Ordinal) && e.Contains("not a positive duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad.yaml:12:17", StringComparison.Ordinal) && e.Contains("did you mean 'email'", StringComparison.Ordinal));
    }

    [Fact]
    public void Consensus_without_validators_is_an_error()
    {
        var result = ConstitutionLoader.LoadText("constitutional_ai:\n  consensus: {approval_threshold: 0.5}\n", "c.yaml");
        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.MissingRequired, d.Code);
    }
}
