using Bot.Conversation;
using Bot.Knowledge;
using Bot.Protocol;

namespace Bot.Evaluation;

/// <summary>What the visitor saw for one question, classified.</summary>
public enum ReplyKind { Crisis, Deferral, Answer, Decline, DidYouMean, Fallback, Other }

public sealed record QuestionOutcome(LabelledQuestion Question, ReplyKind Kind, string? AnsweredId, IReadOnlyList<string> Offered, SearchResult Retrieval)
{
    public bool Top1 => Retrieval.Hits.Count > 0 && Question.Accepted.Contains(Retrieval.Hits[0].Entry.Id);
    public bool Top3 => Retrieval.Hits.Take(3).Any(h => Question.Accepted.Contains(h.Entry.Id));
    public bool AnsweredRight => Kind == ReplyKind.Answer && AnsweredId is not null && Question.Accepted.Contains(AnsweredId);
    /// <summary>Right answer given, or offered in "did you mean": the visitor reaches it in at most one tap.</summary>
    public bool Reached => AnsweredRight || (Kind == ReplyKind.DidYouMean && Offered.Any(Question.Accepted.Contains));
    public bool AnsweredWithCitation => Kind == ReplyKind.Answer;

    /// <summary>Whether the bot behaved as the label asks.</summary>
    public bool Correct => Question.Label switch
    {
        LabelledQuestion.Crisis => Kind == ReplyKind.Crisis,
        LabelledQuestion.NotCrisis => Kind != ReplyKind.Crisis,
        LabelledQuestion.Advice => Kind is ReplyKind.Deferral,
        LabelledQuestion.OutOfScopeNear or LabelledQuestion.OutOfScopeFar => Kind is not (ReplyKind.Answer or ReplyKind.Crisis),
        _ => AnsweredRight,
    };
}

/// <summary>
/// Runs labelled questions through the real turn pipeline, each in a fresh conversation, and classifies
/// what the visitor would see. Used by `eval`, the calibration, and the accuracy tests.
/// </summary>
public sealed class Evaluator(TurnHandler turns, Retriever retriever, KnowledgeIndex index, Replies replies)
{
    public async Task<IReadOnlyList<QuestionOutcome>> RunAsync(IEnumerable<LabelledQuestion> questions, CancellationToken cancellationToken = default)
    {
        var titles = index.Entries.Values.ToDictionary(e => e.Title, e => e.Id, StringComparer.Ordinal);
        var outcomes = new List<QuestionOutcome>();
        foreach (var q in questions)
        {
            var activity = new Activity
            {
                Type = ActivityTypes.Message,
                Id = "eval-" + q.Index,
                ChannelId = "eval",
                Conversation = new ConversationAccount("eval-" + Guid.NewGuid().ToString("n")),
                From = new ChannelAccount("visitor", Role: "user"),
                Recipient = new ChannelAccount("bot", Role: "bot"),
                Text = q.Text,
            };
            var reply = (await turns.HandleAsync(activity, cancellationToken)).FirstOrDefault();
            var retrieval = retriever.Retrieve(TextNormalizer.Clean(q.Text, 2000));
            outcomes.Add(Classify(q, reply, retrieval, titles));
        }
        return outcomes;
    }

    private QuestionOutcome Classify(LabelledQuestion q, Activity? reply, SearchResult retrieval, Dictionary<string, string> titles)
    {
        var text = reply?.Text ?? "";
        var buttons = reply?.SuggestedActions?.Actions.Select(a => a.Title).ToArray() ?? [];
        var cited = reply is null ? null : Citations.Cited(reply)?.Name;
        var citedId = cited is not null && titles.TryGetValue(cited, out var id) ? id : null;
        ReplyKind kind;
        if (text == replies.Crisis)
        {
            kind = ReplyKind.Crisis;
        }
        else if (text.StartsWith(replies.AdviceDeferral, StringComparison.Ordinal)
                 || (retrieval.Hits.FirstOrDefault()?.Entry is { Kind: EntryKind.DeclineAdvice } e && text.StartsWith(e.Answer, StringComparison.Ordinal)))
        {
            kind = ReplyKind.Deferral;
        }
        else if (citedId is not null)
        {
            kind = ReplyKind.Answer;
        }
        else if (text == replies.DidYouMean)
        {
            kind = ReplyKind.DidYouMean;
        }
        else if (index.Entries.Values.Any(en => en.IsDecline && en.Answer == text))
        {
            kind = ReplyKind.Decline;
        }
        else if (text == replies.Fallback || text == replies.SecondMiss || text == replies.Vague)
        {
            kind = ReplyKind.Fallback;
        }
        else
        {
            kind = ReplyKind.Other;
        }
        var offered = kind == ReplyKind.DidYouMean ? buttons.Where(titles.ContainsKey).Select(t => titles[t]).ToArray() : [];
        return new QuestionOutcome(q, kind, citedId, offered, retrieval);
    }
}
