using Bot.Knowledge;
using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Serves the phrasings staff attached from the database: adds them to their entries' questions and rebuilds the
/// index in place (no restart). Every instance polls for phrasings attached elsewhere, and re-applies them after
/// a knowledge file edit rebuilt the index from disk without them.
/// </summary>
public sealed class PhrasingIndexer(
    InsightsStore store,
    KnowledgeIndex index,
    KnowledgeFolder folder,
    KnowledgeLoader loader,
    KnowledgeReadiness readiness,
    IOptions<InsightsOptions> options,
    ILogger<PhrasingIndexer> logger,
    SemanticIndex? semantic = null) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _applied;
    private int _appliedGeneration = -1;

    /// <summary>Rebuilds the index from knowledge/ plus every attached phrasing.</summary>
    public async Task ApplyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var phrasings = await store.PhrasingsAsync(ct);
            var set = loader.Load(folder.Path);
            if (set.Problems.Count > 0)
            {
                // A broken edit on disk: keep what the index already serves, with the phrasings added to it.
                set = folder.Initial with { Entries = [.. index.Entries.Values] };
            }
            var merged = set with { Entries = [.. set.Entries.Select(e => WithPhrasings(e, phrasings))] };
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

    internal static KnowledgeEntry WithPhrasings(KnowledgeEntry entry, IReadOnlyList<AttachedPhrasing> phrasings)
    {
        var added = phrasings.Where(p => p.EntryId == entry.Id).Select(p => p.Question)
            .Where(q => !entry.Questions.Contains(q, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return added.Count == 0 ? entry : entry with { Questions = [.. entry.Questions, .. added] };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The index never built; the knowledge builder reports that.
            logger.LogDebug(ex, "No knowledge index to add phrasings to");
            return;
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
                await Task.Delay(options.Value.PhrasingPollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
