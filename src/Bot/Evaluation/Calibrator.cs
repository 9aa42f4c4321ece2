using Bot.Knowledge;

namespace Bot.Evaluation;

public sealed record Thresholds(double AnswerMargin, double AnswerMinScore, double SuggestMinScore);

public sealed record PolicyReport(int InScope, double AnsweredRight, double AnsweredWrong, double Suggested, double FallBack, int OutOfScope, double OutOfScopeAnswered)
{
    public override string ToString() =>
        $"in scope (n={InScope}): answered right {AnsweredRight:P1}, answered wrong {AnsweredWrong:P1}, did-you-mean {Suggested:P1}, fallback/decline {FallBack:P1}; " +
        $"out of scope (n={OutOfScope}) answered {OutOfScopeAnswered:P1}";
}

/// <summary>
/// Picks the answer / did-you-mean thresholds from labelled retrieval results (retrieval.md §6):
/// AnswerMargin is the lowest margin whose direct answers are at least <c>precision</c> right (out-of-scope
/// answers count as wrong); SuggestMinScore is the highest top score that keeps "answered right or offered"
/// within two points of top-3 recall.
/// </summary>
public static class Calibrator
{
    public static Thresholds Calibrate(IReadOnlyList<(LabelledQuestion Question, SearchResult Result)> data, double precision = 0.9)
    {
        var pool = data.Where(d => d.Question.InScope || d.Question.OutOfScope).ToList();
        bool Right((LabelledQuestion Question, SearchResult Result) d) =>
            d.Question.InScope && d.Result.Hits.Count > 0 && d.Question.Accepted.Contains(d.Result.Hits[0].Entry.Id);
        bool Answerable((LabelledQuestion Question, SearchResult Result) d) => d.Result.Hits.Count > 0 && !d.Result.Hits[0].Entry.IsDecline;

        var candidates = pool.Where(Answerable).Select(d => d.Result.Margin).Distinct().Order().ToList();
        var margin = candidates.Count > 0 ? candidates[^1] + 1e-9 : 1;
        foreach (var m in candidates)
        {
            var answered = pool.Where(d => Answerable(d) && d.Result.Margin >= m).ToList();
            if (answered.Count >= 5 && answered.Count(Right) >= precision * answered.Count)
            {
                margin = m;
                break;
            }
        }

        // A very strong top score may answer despite a small margin, if it keeps the same precision.
        var scores = pool.Where(Answerable).Select(d => d.Result.TopScore).Distinct().Order().ToList();
        var minScore = double.MaxValue;
        foreach (var s in scores)
        {
            var answered = pool.Where(d => Answerable(d) && (d.Result.Margin >= margin || d.Result.TopScore >= s)).ToList();
            if (answered.Count(Right) >= precision * answered.Count)
            {
                minScore = s;
                break;
            }
        }

        var inScope = pool.Where(d => d.Question.InScope).ToList();
        var top3 = inScope.Count(d => d.Result.Hits.Where(h => !h.Entry.IsDecline).Take(3).Any(h => d.Question.Accepted.Contains(h.Entry.Id))) / (double)Math.Max(1, inScope.Count);
        var suggest = 0.0;
        foreach (var s in pool.Select(d => d.Result.TopScore).Distinct().OrderDescending())
        {
            var options = new RetrievalOptions { AnswerMargin = margin, AnswerMinScore = minScore, SuggestMinScore = s };
            var reached = inScope.Count(d => Reached(d.Question, d.Result, options)) / (double)Math.Max(1, inScope.Count);
            if (reached >= top3 - 0.02)
            {
                suggest = s;
                break;
            }
        }
        return new Thresholds(Round(margin), minScore == double.MaxValue ? 99 : Round(minScore), Round(suggest));
    }

    private static bool Reached(LabelledQuestion q, SearchResult r, RetrievalOptions o) => RetrievalDecision.Decide(r, o) switch
    {
        RetrievalOutcome.Answer => q.Accepted.Contains(r.Hits[0].Entry.Id),
        RetrievalOutcome.Suggest => r.Hits.Where(h => !h.Entry.IsDecline).Take(3).Any(h => q.Accepted.Contains(h.Entry.Id)),
        _ => false,
    };

    public static PolicyReport Report(IReadOnlyList<(LabelledQuestion Question, SearchResult Result)> data, RetrievalOptions options)
    {
        var inScope = data.Where(d => d.Question.InScope).ToList();
        var oos = data.Where(d => d.Question.OutOfScope).ToList();
        int n = Math.Max(1, inScope.Count);
        var decisions = inScope.Select(d => (d, o: RetrievalDecision.Decide(d.Result, options))).ToList();
        return new PolicyReport(
            inScope.Count,
            decisions.Count(x => x.o == RetrievalOutcome.Answer && x.d.Question.Accepted.Contains(x.d.Result.Hits[0].Entry.Id)) / (double)n,
            decisions.Count(x => x.o == RetrievalOutcome.Answer && !x.d.Question.Accepted.Contains(x.d.Result.Hits[0].Entry.Id)) / (double)n,
            decisions.Count(x => x.o == RetrievalOutcome.Suggest) / (double)n,
            decisions.Count(x => x.o is RetrievalOutcome.Fallback or RetrievalOutcome.Decline or RetrievalOutcome.Vague) / (double)n,
            oos.Count,
            oos.Count(d => RetrievalDecision.Decide(d.Result, options) == RetrievalOutcome.Answer) / (double)Math.Max(1, oos.Count));
    }

    private static double Round(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);
}
