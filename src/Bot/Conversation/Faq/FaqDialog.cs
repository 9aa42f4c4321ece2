using Bot.Knowledge;

namespace Bot.Conversation.Faq;

/// <summary>
/// Answers knowledge questions: a cited answer when retrieval is sure, "did you mean" when it is not,
/// an honest "I don't have that" otherwise; a second miss in a row offers a call-back instead.
/// </summary>
public sealed class FaqDialog(Retriever retriever, KnowledgeIndex index, Replies replies)
{
    /// <summary>Answers <paramref name="question"/> into the turn. Returns the outcome so callers (intake) can react.</summary>
    public RetrievalOutcome Respond(Turn turn, string question)
    {
        // A clicked button ("did you mean" or a related topic) carries an entry's exact title.
        if (FindByTitle(question) is { } picked)
        {
            Answer(turn, picked, null);
            return RetrievalOutcome.Answer;
        }

        var result = retriever.Retrieve(question);
        var outcome = RetrievalDecision.Decide(result, retriever.Thresholds);
        var state = turn.State;
        switch (outcome)
        {
            case RetrievalOutcome.Answer:
                Answer(turn, result.Hits[0].Entry, result);
                break;
            case RetrievalOutcome.Decline:
                turn.Say(result.Hits[0].Entry.Answer, [Replies.BookAssessment]);
                turn.Record(TurnKind.Declined, result.Hits[0].Entry.Id, result.TopScore);
                turn.State = state with { Misses = 0, Suggestions = [], LastTopicId = result.Hits[0].Entry.Id };
                break;
            case RetrievalOutcome.Vague:
                turn.Say(replies.Vague, Replies.StarterQuestions);
                turn.Record(TurnKind.Clarified);
                break;
            case RetrievalOutcome.Suggest:
                var options3 = result.Hits.Where(h => !h.Entry.IsDecline).Take(3).Select(h => h.Entry).ToArray();
                if (state.Misses >= 1 || options3.Length == 0)
                {
                    Miss(turn, options3.Take(2));
                    break;
                }
                turn.Say(replies.DidYouMean, options3.Select(e => e.Title).Append(Replies.SomethingElse));
                turn.Record(TurnKind.Clarified, options3[0].Id, result.TopScore);
                turn.State = state with { Misses = state.Misses + 1, Suggestions = options3.Select(e => e.Id).ToArray() };
                break;
            default:
                if (state.Misses >= 1)
                {
                    Miss(turn, []);
                    break;
                }
                turn.Say(replies.Fallback, [Replies.BookAssessment]);
                turn.Record(TurnKind.Fallback, result.Hits.Count > 0 ? result.Hits[0].Entry.Id : null, result.TopScore);
                turn.State = state with { Misses = state.Misses + 1, Suggestions = [] };
                break;
        }
        return outcome;
    }

    /// <summary>Says a decline entry's answer (a dose question gets decline-dose whatever else it matched); false if there is no such entry.</summary>
    public bool TryDecline(Turn turn, string entryId)
    {
        if (!index.Entries.TryGetValue(entryId, out var entry))
        {
            return false;
        }
        turn.Say(entry.Answer, [Replies.BookAssessment]);
        turn.State = turn.State with { Misses = 0, Suggestions = [], LastTopicId = entry.Id };
        turn.Record(TurnKind.Advice, entry.Id);
        return true;
    }

    /// <summary>The visitor declined every "did you mean" option.</summary>
    public void SomethingElse(Turn turn)
    {
        if (turn.State.Misses >= 2)
        {
            Miss(turn, []);
            return;
        }
        turn.Say(replies.Rephrase);
        turn.Record(TurnKind.Clarified);
        turn.State = turn.State with { Suggestions = [] };
    }

    /// <summary>The entry retrieval ranks first for <paramref name="question"/>, if it is relevant at all.</summary>
    public string? TopEntryId(string question)
    {
        var result = retriever.Retrieve(question);
        return result.Hits.Count > 0 && result.TopScore >= retriever.Thresholds.SuggestMinScore ? result.Hits[0].Entry.Id : null;
    }

    /// <summary>The best general fact for a personal question, if retrieval is sure of one.</summary>
    public KnowledgeEntry? GeneralFact(string question)
    {
        var result = retriever.Retrieve(question);
        return RetrievalDecision.Decide(result, retriever.Thresholds) == RetrievalOutcome.Answer ? result.Hits[0].Entry : null;
    }

    public void Answer(Turn turn, KnowledgeEntry entry, SearchResult? result, string? prefix = null)
    {
        turn.Say(Citations.AnswerText(entry, prefix), NextSteps(entry, result), entry.CitationEntity);
        turn.Record(TurnKind.Answered, entry.Id, result?.TopScore);
        turn.State = turn.State with { Misses = 0, Suggestions = [], LastTopicId = entry.Id };
    }

    private void Miss(Turn turn, IEnumerable<KnowledgeEntry> topics)
    {
        turn.Say(replies.SecondMiss, new[] { Replies.BookAssessment }.Concat(topics.Select(t => t.Title)));
        turn.Record(TurnKind.Fallback);
        turn.State = turn.State with { Misses = turn.State.Misses + 1, Suggestions = [] };
    }

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
