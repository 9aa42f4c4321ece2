using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bot.Knowledge;

public static class KnowledgeExtensions
{
    /// <summary>
    /// Loads and checks knowledge/ now (a broken file stops start-up with file, line and reason),
    /// then builds the index in a hosted service; turns that need it wait until it is ready.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section);
        builder.Services.AddOptions<RetrievalOptions>().BindConfiguration(RetrievalOptions.Section);
        var options = builder.Configuration.GetSection(KnowledgeOptions.Section).Get<KnowledgeOptions>() ?? new KnowledgeOptions();
        var folder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, options.Path));
        var initial = new KnowledgeLoader().Load(folder).ThrowIfInvalid();

        // The index builds on another core while the host is still being put together (a third of the cold
        // start otherwise); KnowledgeIndexBuilder waits for it before the app takes traffic.
        var index = new KnowledgeIndex();
        var initialBuild = Task.Run(() =>
        {
            index.Rebuild(initial);
            // One throwaway query so the first visitor does not pay for JIT (retrieval.md §5).
            index.Search("what does an infusion feel like");
        });
        builder.Services.AddSingleton(new KnowledgeFolder(folder, initial, initialBuild));
        builder.Services.AddSingleton<KnowledgeLoader>();
        builder.Services.AddSingleton(_ => index); // a factory, so the container disposes it
        builder.Services.AddSingleton<Retriever>();
        builder.AddSemanticRetrieval();
        builder.Services.AddSingleton<KnowledgeReadiness>();
        builder.Services.AddSingleton<AttachedPhrasings>();
        builder.Services.AddHostedService<KnowledgeIndexBuilder>();
        builder.Services.AddHealthChecks().AddCheck<KnowledgeIndexHealthCheck>("knowledge");
        return builder;
    }
}

/// <summary>Where the knowledge lives, what was in it at start-up, and the index build started then.</summary>
public sealed record KnowledgeFolder(string Path, KnowledgeSet Initial, Task InitialBuild);

public sealed class KnowledgeIndexHealthCheck(KnowledgeIndex index, KnowledgeReadiness readiness, Semantic.SemanticModels? models = null, Semantic.SemanticIndex? semantic = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!readiness.IsReady || !index.IsReady ? HealthCheckResult.Degraded("knowledge index is being built")
            : models is not null && !models.TryGetStatic(out _) ? HealthCheckResult.Degraded("static table is being distilled (first run): answering from Lucene, crisis checks by their patterns, meanwhile")
            : semantic is not null && !semantic.IsReady ? HealthCheckResult.Degraded("entry vectors are being built: answering from Lucene meanwhile")
            : semantic is not null && models is not null && !models.TryGetSentence(out _) ? HealthCheckResult.Degraded("sentence model is loading; answering from the static table meanwhile")
            : HealthCheckResult.Healthy($"{index.Entries.Count} entries, generation {index.Generation}"));
}
