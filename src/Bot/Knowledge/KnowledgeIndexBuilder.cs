using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Knowledge;

/// <summary>
/// Builds the index at start-up (before the first request), then watches knowledge/ and rebuilds in the
/// background when a file changes; requests keep using the old index until the new one is swapped in.
/// A broken edit while running is logged and the old index stays.
/// </summary>
public sealed class KnowledgeIndexBuilder(
    KnowledgeIndex index,
    KnowledgeFolder folder,
    KnowledgeLoader loader,
    IOptions<KnowledgeOptions> options,
    ILogger<KnowledgeIndexBuilder> logger,
    Retriever retriever,
    KnowledgeReadiness readiness,
    AttachedPhrasings attached,
    IHostApplicationLifetime lifetime,
    SemanticIndex? semantic = null,
    SemanticModels? models = null) : IHostedService, IDisposable
{
    private const string WarmUpQuestion = "what does an infusion feel like";

    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    /// <summary>
    /// The first build runs beside the other services' start (HostOptions.ServicesStartConcurrently in Program.cs):
    /// turns wait for the Lucene index (<see cref="KnowledgeReadiness.IsReady"/>) and are answered from it until the
    /// semantic parts are in; on a fresh clone those take tens of seconds (the static table is distilled, the entries
    /// embedded), otherwise a fraction of one. The host reports started when both are done.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(async () =>
    {
        // Side by side: with a warm cache the semantic half is ready about when the index is.
        var semanticBuild = semantic is null ? Task.CompletedTask : Task.Run(BuildSemanticAsync, CancellationToken.None);
        // On a fresh machine the semantic half takes a minute or more, and the host cannot stop before it is done:
        // told to stop, the model stops distilling and the entries stop being embedded.
        using var stopping = lifetime.ApplicationStopping.Register(() => models?.CancelLoading());
        try
        {
            await folder.InitialBuild;
            if (models is not null)
            {
                // With the table cached this is a fraction of a second, and the safety layers then judge the first turn too.
                await models.TableLoadedOrDistilling;
            }
        }
        catch (Exception ex)
        {
            readiness.Failed(ex);
            throw;
        }
        readiness.Ready();
        logger.LogInformation("Knowledge index built: {Count} entries from {Folder}", folder.Initial.Entries.Count, folder.Path);
        await semanticBuild;
        readiness.Complete();

        if (options.Value.WatchForChanges)
        {
            _debounce = new Timer(_ => RebuildFromDisk(), null, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(folder.Path) { IncludeSubdirectories = false, EnableRaisingEvents = true };
            // Editors save in bursts (temp file, rename, write): wait for quiet before rebuilding.
            FileSystemEventHandler changed = (_, _) => _debounce.Change(300, Timeout.Infinite);
            _watcher.Changed += changed;
            _watcher.Created += changed;
            _watcher.Deleted += changed;
            _watcher.Renamed += (_, _) => _debounce.Change(300, Timeout.Infinite);
        }
    }, cancellationToken);

    /// <summary>Entry vectors (from the cache; MiniLM is only waited for if some are missing), then a warm-up query.</summary>
    private async Task BuildSemanticAsync()
    {
        try
        {
            semantic!.Rebuild(folder.Initial, lifetime.ApplicationStopping);
            await folder.InitialBuild;
            // A throwaway query on the cheap path so the first fused answer does not pay for JIT (retrieval.md §5);
            // MiniLM takes its own when it has loaded (SemanticModels).
            retriever.Explain(WarmUpQuestion, RetrievalMode.Static);
            _ = models?.LoadSentenceAsync();
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogInformation("Stopping before the semantic parts of retrieval were built");
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            logger.LogError(ex, "The semantic parts of retrieval could not be built: answering from the Lucene index alone");
        }
    }

    private void RebuildFromDisk()
    {
        try
        {
            var set = loader.Load(folder.Path);
            if (set.Problems.Count > 0)
            {
                logger.LogError("Knowledge not reloaded; keeping the current index. Problems:\n{Problems}", string.Join('\n', set.Problems));
                return;
            }
            set = attached.AddTo(set);
            semantic?.Rebuild(set);
            index.Rebuild(set);
            logger.LogInformation("Knowledge index rebuilt: {Count} entries (generation {Generation})", set.Entries.Count, index.Generation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Knowledge folder could not be read; keeping the current index");
        }
        catch (ObjectDisposedException)
        {
            // The app is shutting down under a rebuild (the index went with the container): nothing to swap in.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        if (_debounce is not null)
        {
            // Waits for a rebuild already running, so it never outlives the index it writes to. A test host
            // crashed on exactly that: an edit's rebuild fired as the app was disposed.
            await _debounce.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
