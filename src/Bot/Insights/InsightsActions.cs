namespace Bot.Insights;

/// <summary>What staff do with an unanswered question, from the inbox or the API: attach (and index at once) or dismiss.</summary>
public sealed class InsightsActions(InsightsStore store, PhrasingIndexer phrasings, TimeProvider time)
{
    public async Task<bool> AttachAsync(string id, string entryId, string actor, CancellationToken ct)
    {
        if (!await store.AttachAsync(id, entryId, actor, time.GetUtcNow(), ct))
        {
            return false;
        }
        await phrasings.AttachedAsync(ct);
        return true;
    }

    public Task<bool> DismissAsync(string id, string actor, CancellationToken ct) => store.DismissAsync(id, actor, time.GetUtcNow(), ct);
}
