namespace Bot.Knowledge.Semantic;

public static class SemanticExtensions
{
    /// <summary>
    /// Registers the sentence model and the static table (the crisis detector's semantic layer uses them in every
    /// configuration), and the hybrid ranker unless Retrieval:Semantic:Enabled is false: then the Retriever stays on
    /// Lucene alone and MiniLM itself is never loaded.
    /// </summary>
    public static IHostApplicationBuilder AddSemanticRetrieval(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RetrievalOptions.Section).Get<RetrievalOptions>() ?? new RetrievalOptions();
        var folder = CacheFolder(builder.Configuration, builder.Environment.ContentRootPath, options.Semantic);
        var store = new ModelStore(folder);
        builder.Services.AddSingleton(store);
        // Loading the model and the table is most of a cold start: begin now, on the other core, while the host
        // is still being built (the hosted index builder waits for it). The app's loggers do not exist yet, so
        // this one logs through a console logger of its own with the same settings (format included).
        var bootLogging = LoggerFactory.Create(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
        var models = new SemanticModels(store, bootLogging.CreateLogger<SemanticModels>(), options.Semantic.Quantized, ownedLogging: bootLogging);
        _ = Task.Run(models.EnsureLoaded);
        builder.Services.AddSingleton(_ => models); // a factory, so the container disposes it
        builder.Services.AddSingleton<EntryVectorCache>();
        if (!options.Semantic.Enabled)
        {
            return builder;
        }
        builder.Services.AddSingleton<SemanticIndex>();
        // Shared by retrieval and the crisis detector, so a message MiniLM has read once is not read twice.
        builder.Services.AddSingleton(new QuestionVectorCache(options.Semantic.CacheSize));
        builder.Services.AddSingleton<HybridRanker>();
        return builder;
    }

    public static string CacheFolder(IConfiguration configuration, string contentRoot, SemanticOptions options) =>
        Path.GetFullPath(options.CachePath is { Length: > 0 } explicitPath
            ? Path.Combine(contentRoot, explicitPath)
            : Path.Combine(contentRoot, configuration["Storage:DataPath"] is { Length: > 0 } data ? data : "data", "semantic"));
}

