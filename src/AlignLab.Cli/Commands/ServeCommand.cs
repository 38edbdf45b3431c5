using System.CommandLine;
using AlignLab.Constitutions;
using AlignLab.Providers.Errors;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using AlignLab.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab serve</c>: the OpenAI-compatible alignment gateway and dashboard; <c>serve hash-key</c> / <c>serve new-key</c> for API keys.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Gateway YAML file (listen, policy, upstream, api_keys, audit, …); ALIGNLAB__KEY environment variables override it, and options given here override both." };
        var policy = CommonOptions.Policy();
        var policyB = new Option<string?>("--policy-b") { Description = "A second constitution for an A/B split (arm b)." };
        var split = new Option<double?>("--split") { Description = "Share of users (0–1) routed to arm b (default 0.5 when --policy-b is given)." };
        var upstream = new Option<string?>("--upstream", "-u") { Description = "The guarded chat model: provider:model[@base-url][;options] or a name from the policy's models: (e.g. openai:gpt-4o-mini, ollama:llama3.1). Keys come from environment variables." };
        var urls = new Option<string[]>("--urls") { Description = "Listen address(es); default http://127.0.0.1:8080.", AllowMultipleArgumentsPerToken = true };
        var keyEnv = new Option<string[]>("--api-key-env") { Description = "Name of an environment variable holding an operator API key with every scope (inference, review, admin; hashed at start-up; repeatable). Keys with fewer scopes go in the config file, stored as hashes.", AllowMultipleArgumentsPerToken = true };
        var allowAnonymous = new Option<bool>("--allow-anonymous") { Description = "Serve without API keys on a non-loopback address." };
        var auditDb = new Option<string?>("--audit-db") { Description = "SQLite audit database (default: alignlab-audit.db in the AlignLab home, $ALIGNLAB_HOME or ~/.local/share/alignlab; the review queue and preference pairs go beside it)." };
        var auditPg = new Option<string?>("--audit-postgres-env") { Description = "Name of an environment variable holding a PostgreSQL connection string for a shared audit log." };
        var reports = new Option<string?>("--reports") { Description = "Directory of eval runs shown by the dashboard's reports browser (default: eval-results in the AlignLab home, where 'alignlab eval' writes without --output)." };
        var classifier = GuardFactory.ClassifierOption();
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Serve the APIs only." };
        var noRequestLog = new Option<bool>("--no-request-log")
        {
            Description = "No log line per request (by default one line each: method, path, route, status, duration, key name, decision; never prompts).",
        };
        var maxBody = new Option<long?>("--max-body-bytes") { Description = "Largest request body accepted (default 4 MiB); larger ones get 413." };
        var cors = new Option<string[]>("--cors") { Description = "Allow these browser origins (CORS is off by default).", AllowMultipleArgumentsPerToken = true };

        var cmd = new Command("serve", "Run the OpenAI-compatible alignment gateway (/v1/chat/completions, /v1/moderations, /api/*) and the dashboard.")
        {
            config, policy, policyB, split, upstream, urls, keyEnv, allowAnonymous, auditDb, auditPg, reports, classifier, noDashboard, noRequestLog, maxBody, cors,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var options = new GatewayOptions();
            // The file (if any) with ALIGNLAB__… environment variables over it; the command line overrides both.
            var diagnostics = GatewayConfigLoader.LoadWithEnvironment(parse.GetValue(config)?.FullName, options);
            foreach (var d in diagnostics)
            {
                ctx.Error.WriteLine(d.ToString());
            }

            if (diagnostics.Any(d => d.IsError))
            {
                return ExitCodes.UsageError;
            }

            options.PolicyPath = parse.GetValue(policy) ?? options.PolicyPath;
            options.PolicyBPath = parse.GetValue(policyB) ?? options.PolicyBPath;
            options.SplitFraction = parse.GetValue(split) ?? options.SplitFraction;
            options.Upstream = parse.GetValue(upstream) ?? options.Upstream;
            options.AllowAnonymous |= parse.GetValue(allowAnonymous);
            options.AuditDatabasePath = parse.GetValue(auditDb) ?? options.AuditDatabasePath;
            options.ReportsDirectory = parse.GetValue(reports) ?? options.ReportsDirectory ?? AlignLabHome.EvalResults;
            options.ClassifierPath = parse.GetValue(classifier) ?? options.ClassifierPath;
            options.EnableDashboard &= !parse.GetValue(noDashboard);
            options.RequestLog &= !parse.GetValue(noRequestLog);
            options.MaxRequestBodyBytes = parse.GetValue(maxBody) ?? options.MaxRequestBodyBytes;
            if (parse.GetValue(urls) is { Length: > 0 } u)
            {
                options.Urls.Clear();
                foreach (var url in u)
                {
                    options.Urls.Add(url);
                }
            }

            foreach (var origin in parse.GetValue(cors) ?? [])
            {
                options.CorsOrigins.Add(origin);
            }

            foreach (var name in parse.GetValue(keyEnv) ?? [])
            {
                var key = Environment.GetEnvironmentVariable(name);
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new CliUsageException($"--api-key-env: the environment variable {name} is not set");
                }

                options.ApiKeys.Add(new ApiKeyEntry(name.ToLowerInvariant(), ApiKeyHasher.Hash(key.Trim()), 50, 100, ApiScopes.All));
            }

            if (parse.GetValue(auditPg) is { } pgEnv)
            {
                options.AuditPostgresConnectionString = Environment.GetEnvironmentVariable(pgEnv) is { Length: > 0 } cs
                    ? cs
                    : throw new CliUsageException($"--audit-postgres-env: the environment variable {pgEnv} is not set");
            }

            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            if (UpstreamNameCheck.Problem(options.Upstream, options.PolicyPath, options.PolicyBPath) is { } upstreamProblem)
            {
                throw new CliUsageException(upstreamProblem);
            }

            WebApplication app;
            try
            {
                app = await GatewayApplication.BuildAsync(options, b =>
                {
                    b.Logging.ClearProviders();
                    // The simple console's single-line shape, written in batches: the console logger woke a thread and
                    // wrote once per line, about 40 µs per request at 2,000 requests/s (docs/PERFORMANCE.md).
                    b.Logging.AddBufferedConsole();
                    b.Logging.SetMinimumLevel(LogLevel.Warning);
                    if (options.RequestLog)
                    {
                        b.Logging.AddFilter("AlignLab.Server.RequestLog", LogLevel.Information);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ConstitutionException ex)
            {
                ctx.Error.WriteLine(ex.Message);
                return ExitCodes.UsageError;
            }
            catch (ModelProviderException ex)
            {
                // Building makes no model calls: this is a client that cannot be configured (a missing GGUF file, an unset key).
                throw new CliUsageException(ex.Message, ex);
            }

            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                var state = app.Services.GetRequiredService<GatewayState>();
                foreach (var arm in state.Policies.Arms)
                {
                    ctx.Console.MarkupLine($"[bold]arm {arm.Name}[/]: {Markup.Escape(arm.Current.Constitution.Name)} ({Markup.Escape(arm.Current.Source)}, version {arm.Current.Version})");
                }

                ctx.Console.MarkupLine($"upstream: {Markup.Escape(options.Upstream ?? "none (chat completions answer 503; moderation and checks work)")}");
                ctx.Console.MarkupLine($"audit log: {Markup.Escape(state.Audit.Description)}");
                if (options.EnableDashboard && options.ReportsDirectory is { } runs)
                {
                    ctx.Console.MarkupLine($"eval reports: {Markup.Escape(Path.GetFullPath(runs))}");
                }
                if (options.ApiKeys.Count == 0)
                {
                    ctx.Console.MarkupLine("[yellow]no API keys configured: anyone who can reach this address can use the gateway[/]");
                }

                foreach (var a in addresses)
                {
                    ctx.Console.MarkupLine($"listening on [link]{Markup.Escape(a)}[/]{(options.EnableDashboard ? " (dashboard at /)" : "")}");
                }

                ctx.Output.Flush();
                try
                {
                    await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop gracefully below.
                }

                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        cmd.Subcommands.Add(HashKey(ctx));
        cmd.Subcommands.Add(NewKey(ctx));
        return cmd;
    }

    private static Command HashKey(CliContext ctx)
    {
        var key = new Argument<string?>("key") { Description = "The key to hash (read from standard input when omitted, so it stays out of shell history).", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("hash-key", "Print the SHA-256 of an API key, for the api_keys: section of a gateway file.") { key };
        cmd.SetAction(parse =>
        {
            var text = parse.GetValue(key) ?? ctx.Input.ReadLine();
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliUsageException("give the key as an argument or on standard input");
            }

            ctx.Output.WriteLine(ApiKeyHasher.Hash(text.Trim()));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command NewKey(CliContext ctx)
    {
        var cmd = new Command("new-key", "Make a random API key; prints the key (give it to the client) and its hash (put it in the gateway file).");
        cmd.SetAction(_ =>
        {
            var k = ApiKeyHasher.NewKey();
            ctx.Output.WriteLine($"key:    {k}");
            ctx.Output.WriteLine($"sha256: {ApiKeyHasher.Hash(k)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
