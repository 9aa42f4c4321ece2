using Bot.Knowledge;

namespace Bot.Conversation.Faq;

/// <summary>
/// Answers knowledge questions: a cited answer when retrieval is sure, "did you mean" when it is not,
/// an honest "I don't have that" otherwise; a second miss in a row offers a call-back instead.
/// </summary>
public sealed class FaqDialog(Retriever retriever, KnowledgeIndex index, Replies replies)
{
    /// <summary>Answers <paramref name="question"/>: what to say, and the state that follows (misses, suggestions, topic).</summary>
    public Decision Respond(ConversationState state, string question)
    {
        // A clicked button ("did you mean" or a related topic) carries an entry's exact title.
        if (FindByTitle(question) is { } picked)
        {
            return Answer(state, picked, null);
        }

        var (result, thresholds) = retriever.Search(question);
        switch (RetrievalDecision.Decide(result, thresholds))
        {
            case RetrievalOutcome.Answer:
                return Answer(state, result.Hits[0].Entry, result);
            case RetrievalOutcome.Decline:
                var declined = result.Hits[0].Entry;
                return new Decision(
                    state with { Misses = 0, Suggestions = [], LastTopicId = declined.Id },
                    [new Reply(declined.Answer, [Replies.BookAssessment])],
                    new TurnOutcome(TurnKind.Declined, declined.Id, result.TopScore));
            case RetrievalOutcome.Vague:
                return new Decision(state, [new Reply(replies.Vague, Replies.StarterQuestions)], new TurnOutcome(TurnKind.Clarified));
            case RetrievalOutcome.Suggest:
                var options3 = result.Hits.Where(h => !h.Entry.IsDecline).Take(3).Select(h => h.Entry).ToArray();
                if (state.Misses >= 1 || options3.Length == 0)
                {
                    return Miss(state, options3.Take(2));
                }
                return new Decision(
                    state with { Misses = state.Misses + 1, Suggestions = options3.Select(e => e.Id).ToArray() },
                    [new Reply(replies.DidYouMean, [.. options3.Select(e => e.Title), Replies.SomethingElse])],
                    new TurnOutcome(TurnKind.Clarified, options3[0].Id, result.TopScore));
            default:
                if (state.Misses >= 1)
                {
                    return Miss(state, []);
                }
                return new Decision(
                    state with { Misses = state.Misses + 1, Suggestions = [] },
                    [new Reply(replies.Fallback, [Replies.BookAssessment])],
                    new TurnOutcome(TurnKind.Fallback, result.Hits.Count > 0 ? result.Hits[0].Entry.Id : null, result.TopScore));
        }
    }

    /// <summary>A decline entry's answer (a dose question gets decline-dose whatever else it matched); null if there is no such entry.</summary>
    public Decision? Decline(ConversationState state, string entryId) =>
        index.Entries.TryGetValue(entryId, out var entry)
            ? new Decision(
                state with { Misses = 0, Suggestions = [], LastTopicId = entry.Id },
                [new Reply(entry.Answer, [Replies.BookAssessment])],
                new TurnOutcome(TurnKind.Advice, entry.Id))
            : null;

    /// <summary>The visitor declined every "did you mean" option.</summary>
    public Decision SomethingElse(ConversationState state) =>
        state.Misses >= 2
            ? Miss(state, [])
            : new Decision(state with { Suggestions = [] }, [new Reply(replies.Rephrase)], new TurnOutcome(TurnKind.Clarified));

    /// <summary>The entry retrieval ranks first for <paramref name="question"/>, if it is relevant at all.</summary>
    public string? TopEntryId(string question)
    {
        var (result, thresholds) = retriever.Search(question);
        return result.Hits.Count > 0 && result.TopScore >= thresholds.SuggestMinScore ? result.Hits[0].Entry.Id : null;
    }

    /// <summary>The best general fact for a personal question, if retrieval is sure of one.</summary>
    public KnowledgeEntry? GeneralFact(string question)
    {
        var retrieval = retriever.Search(question);
        return retrieval.Outcome == RetrievalOutcome.Answer ? retrieval.Result.Hits[0].Entry : null;
    }

    private Decision Answer(ConversationState state, KnowledgeEntry entry, SearchResult? result) =>
        new(state with { Misses = 0, Suggestions = [], LastTopicId = entry.Id },
            [new Reply(Citations.AnswerText(entry, null), NextSteps(entry, result), entry.CitationEntity)],
            new TurnOutcome(TurnKind.Answered, entry.Id, result?.TopScore));

    private Decision Miss(ConversationState state, IEnumerable<KnowledgeEntry> topics) =>
        new(state with { Misses = state.Misses + 1, Suggestions = [] },
            [new Reply(replies.SecondMiss, [Replies.BookAssessment, .. topics.Select(t => t.Title)])],
            new TurnOutcome(TurnKind.Fallback));

    /// <summary>Two likely next questions (the entry's related topics first), then the assessment.</summary>
    private List<string> NextSteps(KnowledgeEntry entry, SearchResult? result)
    {
        var entries = index.Entries;
        var steps = new List<string>(3);
        foreach (var id in entry.Related)
        {
            Consider(entries.GetValueOrDefault(id));
        }
        for (var i = 1; result is not null && i < result.Hits.Count; i++)
        {
            Consider(result.Hits[i].Entry);
        }
        steps.Add(Replies.BookAssessment);
        return steps;

        void Consider(KnowledgeEntry? next)
        {
            if (steps.Count < 2 && next is not null && !next.IsDecline && next.Id != entry.Id && next.Id != "free-assessment" && !steps.Contains(next.Title))
            {
                steps.Add(next.Title);
            }
        }
    }

    private KnowledgeEntry? FindByTitle(string text)
    {
        // Every question passes here first: spans and a plain loop, no garbage.
        var trimmed = text.AsSpan().Trim().TrimEnd("?.!");
        if (trimmed.Length < 3)
        {
            return null;
        }
        foreach (var entry in index.Entries.Values)
        {
            if (!entry.IsDecline && trimmed.Equals(entry.Title, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }
        return null;
    }
}
