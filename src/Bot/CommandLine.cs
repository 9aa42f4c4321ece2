using Bot.Conversation;
using Bot.Evaluation;
using Bot.Knowledge;

namespace Bot;

/// <summary>
/// The bot's command-line tools, run on the same services as the web app:
/// `kb check`, `kb phrasings`, `chat`, `eval FILE [--explain [--calibration-half]] [--calibrate]`. Null when the args ask for the web server.
/// </summary>
public static class CommandLine
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        switch (args)
        {
            case ["kb", "check", ..]:
                return KbCheck(args.Length > 2 ? args[2] : null);
            case ["chat", ..]:
                return await WithServicesAsync(args[1..], services => ChatCommand.RunAsync(services, Console.In, Console.Out));
            case ["eval", "unseen", ..]:
                return await WithServicesAsync(args[2..], services => UnseenCommand.RunAsync(services, args.Skip(2).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "open", args.Contains("--misses")));
            case ["eval", var file, ..]:
                if (ResolveFile(file) is not { } path)
                {
                    await Console.Error.WriteLineAsync($"eval: no such file: {file}");
                    return 2;
                }
                return await WithServicesAsync(args[2..], services => EvalCommand.RunAsync(services, path, args.Contains("--explain"), args.Contains("--calibrate"), args.Contains("--calibration-half")));
            case ["kb", "build", ..]:
                return await Knowledge.Semantic.KbBuildCommand.RunAsync(args[2..]);
            case ["kb", "measure", ..]:
                var questions = args.Skip(2).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
                var questionsPath = questions is null ? null : ResolveFile(questions);
                if (questions is not null && questionsPath is null)
                {
                    await Console.Error.WriteLineAsync($"kb measure: no such file: {questions}");
                    return 2;
                }
                return await MeasureCommand.RunAsync([.. args.Skip(2).Select(a => a == questions ? questionsPath! : a)]);
            case ["kb", "phrasings", ..]:
                return await WithServicesAsync(args[2..], Insights.PhrasingsCommand.RunAsync);
            case ["staff", ..]:
                return await Staff.StaffCommands.TryRunAsync(args) ?? 2;
            case ["eval"] or ["kb"] or ["kb", ..]:
                await Console.Error.WriteLineAsync("usage: kb check [FOLDER] | kb build | kb measure [FILE] [--misses] | kb phrasings | chat | eval FILE [--explain [--calibration-half]] [--calibrate] | eval unseen open|sealed [--misses] | staff hash-password");
                return 2;
            default:
                return null;
        }
    }

    /// <summary>`dotnet run` starts in the project folder, so a path typed at the repo root is also tried from there.</summary>
    private static string? ResolveFile(string file) =>
        new[] { Path.GetFullPath(file), Path.Combine(AppPaths.ContentRoot(), file) }.FirstOrDefault(File.Exists);

    private static int KbCheck(string? folder)
    {
        var root = AppPaths.ContentRoot();
        var path = Path.GetFullPath(folder ?? Path.Combine(root, "knowledge"));
        var set = new KnowledgeLoader().Load(path);
        foreach (var problem in set.Problems)
        {
            Console.WriteLine(problem);
        }
        Console.WriteLine(set.Problems.Count == 0
            ? $"OK: {set.Entries.Count} entries ({set.Entries.Count(e => e.IsDecline)} decline), {set.Synonyms.Count} synonym rules in {path}"
            : $"{set.Problems.Count} problem(s) in {path}");
        return set.Problems.Count == 0 ? 0 : 1;
    }

    private static async Task<int> WithServicesAsync(string[] args, Func<IServiceProvider, Task<int>> run)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = AppPaths.HostArgs(args), ContentRootPath = AppPaths.ContentRoot() });
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        builder.Configuration["Logging:LogLevel:Bot.Conversation.TurnHandler"] = "Error";
        builder.Configuration["Knowledge:WatchForChanges"] = "false";
        try
        {
            // The intake in the terminal chat sends real requests, as on the web.
            builder.AddTurnPipeline();
        }
        catch (KnowledgeException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
        builder.Services.AddSingleton<Evaluator>();
        using var host = builder.Build();
        await host.StartAsync();
        // Evaluation and the terminal chat use the full model from the first question, not the start-up fallback.
        await host.Services.WaitForFullModelsAsync();
        try
        {
            return await run(host.Services);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
