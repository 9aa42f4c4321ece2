namespace Bot.Knowledge;

public enum RetrievalOutcome { Answer, Suggest, Decline, Fallback, Vague }

/// <summary>
/// The three-zone policy of retrieval.md §3.8: a decline entry on top declines; a clear margin (or a very
/// strong top score) answers; a relevant-looking top score asks "did you mean"; anything weaker falls back.
/// </summary>
public static class RetrievalDecision
{
    public static RetrievalOutcome Decide(SearchResult result, RetrievalOptions options)
    {
        if (result.Vague)
        {
            return RetrievalOutcome.Vague;
        }
        if (result.Hits.Count == 0 || result.TopScore < options.SuggestMinScore)
        {
            return RetrievalOutcome.Fallback;
        }
        var clear = (result.Margin >= options.AnswerMargin || result.TopScore >= options.AnswerMinScore)
                    && result.TopScore >= options.AnswerFloor;
        if (result.Hits[0].Entry.IsDecline)
        {
            return clear ? RetrievalOutcome.Decline : RetrievalOutcome.Suggest;
        }
        return clear ? RetrievalOutcome.Answer : RetrievalOutcome.Suggest;
    }
}
