using System.Diagnostics;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// `kb build`: extracts the model, distils the static table and embeds the knowledge texts and the crisis detector's
/// exemplars into the cache folder, so the server's first start does not pay for them.
/// </summary>
public static class KbBuildCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = CommandHost.Build(args);
        var semantic = host.Services.GetService<SemanticIndex>();
        if (semantic is null)
        {
            await Console.Out.WriteLineAsync("Retrieval:Semantic:Enabled is false: nothing to build.");
            return 0;
        }
        var clock = Stopwatch.StartNew();
        var models = host.Services.GetRequiredService<SemanticModels>();
        models.EnsureLoaded();
        await models.LoadSentenceAsync(); // writes the optimised copy of the model
        var folder = host.Services.GetRequiredService<KnowledgeFolder>();
        semantic.Rebuild(folder.Initial);
        var exemplars = new Conversation.Safety.CrisisExemplars(models, host.Services.GetRequiredService<EntryVectorCache>(), folder);
        exemplars.PrepareSentence();
        await Console.Out.WriteLineAsync($"Semantic cache ready in {models.Store.Folder} ({clock.ElapsedMilliseconds} ms): "
            + $"model {models.ModelHash[..12]}, static table, {semantic.Entries.Count} entries' vectors, {exemplars.All.Count} crisis exemplars' vectors.");
        return 0;
    }
}

/// <summary>The app's services without the web server, for command-line tools.</summary>
public static class CommandHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = AppPaths.HostArgs(args), ContentRootPath = AppPaths.ContentRoot() });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddKnowledge();
        builder.Services.AddSingleton<Telemetry.BotMetrics>(); // the hybrid ranker counts its escalations
        return builder.Build();
    }
}
