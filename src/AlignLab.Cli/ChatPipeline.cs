using System.CommandLine;
using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;

namespace AlignLab.Cli;

/// <summary>Builds the aligned chat client for <c>chat</c> and <c>check --model</c>: provider client + constitution runtime.</summary>
internal static class ChatPipeline
{
    public static Option<string?> ModelOption(bool required) => new("--model", "-m")
    {
        Description = "Chat model as provider:model[@base-url][;options], e.g. openai:gpt-4o-mini, ollama:llama3.1, openai:qwen2.5@http://127.0.0.1:8000/v1, or a name from the policy's models: section. API keys come from environment variables (api_key_env=NAME; defaults OPENAI_API_KEY, ANTHROPIC_API_KEY).",
        Required = required,
    };

    public static ModelSpec ResolveModel(string text, Constitution constitution)
    {
        if (constitution.Runtime.Models.TryGetValue(text, out var named))
        {
            return named;
        }

        return ModelSpec.TryParse(text, out var error) ?? throw new CliUsageException($"--model: {error}");
    }

    /// <summary>
    /// Creates the provider client for <paramref name="spec"/>, named by <paramref name="option"/> in errors. A client that
    /// cannot be configured (an unset API key variable) is a usage error; failures while calling it are not caught here.
    /// </summary>
    public static IChatClient CreateClient(ModelSpec spec, string option, ProviderOptions? options = null)
    {
        try
        {
            return ChatClientFactory.Create(spec, options);
        }
        catch (ModelProviderException ex)
        {
            throw new CliUsageException($"{option}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"{option}: {ex.Message}", ex);
        }
    }

    public static AlignedChatClient Create(Constitution constitution, ModelSpec model, string? context, string? profile, string? classifierPath, bool noClassifier)
    {
        var providerOptions = ProviderOptions.Default;
        IChatClient Client(ModelSpec spec) => CreateClient(spec, ReferenceEquals(spec, model) ? "--model" : $"the policy's model {spec}", providerOptions);
        var generator = Client(model);
        var options = ConstitutionRuntime.CreateOptions(constitution, Client, generator);
        options.Context = context;
        options.Profile = profile;
        options.UseClassifier = !noClassifier;
        if (!noClassifier && classifierPath is not null)
        {
            options.Classifier = ModelSource.Load(classifierPath);
        }

        try
        {
            return new AlignedChatClient(generator, new AlignmentPipeline(options));
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}
