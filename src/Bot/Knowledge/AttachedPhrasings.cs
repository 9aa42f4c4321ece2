namespace Bot.Knowledge;

/// <summary>A question staff attached to an entry from the inbox (Insights), kept in the database rather than in knowledge/.</summary>
public sealed record AttachedPhrasing(string EntryId, string Question);

/// <summary>
/// The phrasings the index currently serves beside knowledge/: every rebuild from disk adds them, so an edited
/// file never takes them out of the index, not even until the next check for phrasings.
/// </summary>
public sealed class AttachedPhrasings
{
    private volatile IReadOnlyList<AttachedPhrasing> _current = [];

    public void Replace(IReadOnlyList<AttachedPhrasing> phrasings) => _current = phrasings;

    public KnowledgeSet AddTo(KnowledgeSet set) => With(set, _current);

    public static KnowledgeSet With(KnowledgeSet set, IReadOnlyList<AttachedPhrasing> phrasings) =>
        phrasings.Count == 0 ? set : set with { Entries = [.. set.Entries.Select(e => With(e, phrasings))] };

    private static KnowledgeEntry With(KnowledgeEntry entry, IReadOnlyList<AttachedPhrasing> phrasings)
    {
        var added = phrasings.Where(p => p.EntryId == entry.Id).Select(p => p.Question)
            .Where(q => !entry.Questions.Contains(q, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return added.Count == 0 ? entry : entry with { Questions = [.. entry.Questions, .. added] };
    }
}
