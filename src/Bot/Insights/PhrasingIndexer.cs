using Bot.Knowledge;
using Bot.Knowledge.Semantic;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Serves the phrasings staff attached from the database: adds them to their entries' questions and rebuilds the
/// index in place (no restart). On PostgreSQL an attach is announced to the other instances, which re-read theirs
/// at once; every instance also polls, in case that news was lost.
/// </summary>
public sealed class PhrasingIndexer(
    InsightsStore store,
    KnowledgeIndex index,
    KnowledgeFolder folder,
    KnowledgeLoader loader,
    KnowledgeReadiness readiness,
    AttachedPhrasings attached,
    IOptions<InsightsOptions> options,
    ILogger<PhrasingIndexer> logger,
    SemanticIndex? semantic = null,
    IPhrasingNews? relay = null) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private long _applied;
    private int _appliedGeneration = -1;

    /// <summary>Rebuilds the index from knowledge/ plus every attached phrasing.</summary>
    public async Task ApplyAsync(CancellationToken ct)
    {
        await readiness.WaitCompleteAsync(ct); // the first build's semantic half would otherwise overwrite this one
        await _gate.WaitAsync(ct);
        try
        {
            var phrasings = await store.PhrasingsAsync(ct);
            attached.Replace(phrasings);
            var set = loader.Load(folder.Path);
            if (set.Problems.Count > 0)
            {
                // A broken edit on disk: keep what the index already serves, with the phrasings added to it.
                set = folder.Initial with { Entries = [.. index.Entries.Values] };
            }
            var merged = attached.AddTo(set);
            await Task.Run(() =>
            {
                semantic?.Rebuild(merged);
                index.Rebuild(merged);
            }, ct);
            _applied = phrasings.Count;
            _appliedGeneration = index.Generation;
            logger.LogInformation("Knowledge index rebuilt with {Count} attached phrasings", phrasings.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A phrasing was attached on this instance: the others are told first, so they rebuild while this one does.</summary>
    public async Task AttachedAsync(CancellationToken ct)
    {
        if (relay is not null)
        {
            await relay.AnnouncePhrasingsChangedAsync();
        }
        await ApplyAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitCompleteAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The index never built; the knowledge builder reports that.
            logger.LogDebug(ex, "No knowledge index to add phrasings to");
            return;
        }
        if (relay is not null)
        {
            relay.PhrasingsChanged += Wake;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var count = await store.PhrasingCountAsync(stoppingToken);
                    if (count != _applied || (count > 0 && index.Generation != _appliedGeneration))
                    {
                        await ApplyAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Attached phrasings could not be applied; trying again later");
                }
                await _wake.WaitAsync(options.Value.PhrasingPollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (relay is not null)
            {
                relay.PhrasingsChanged -= Wake;
            }
        }
    }

    private void Wake() => _wake.Release();

    public override void Dispose()
    {
        _gate.Dispose();
        _wake.Dispose();
        base.Dispose();
    }
}
