namespace Bot.Knowledge;

public enum RetrievalOutcome { Answer, Suggest, Decline, Fallback, Vague }

/// <summary>
/// The three-zone policy of retrieval.md §3.8: a decline entry on top declines; a clear margin, a very strong top
/// score, or both rankers agreeing on a strong top entry answers; a relevant-looking top score asks "did you mean";
/// anything weaker falls back.
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
        var agreed = result.RankersAgree && result.TopScore >= options.AgreeMinScore && result.Margin >= options.AgreeMinMargin;
        var clear = (result.Margin >= options.AnswerMargin || result.TopScore >= options.AnswerMinScore || agreed)
                    && result.TopScore >= options.AnswerFloor;
        if (clear)
        {
            return result.Hits[0].Entry.IsDecline ? RetrievalOutcome.Decline : RetrievalOutcome.Answer;
        }
        return RetrievalOutcome.Suggest;
    }
}
