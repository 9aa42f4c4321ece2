using Bot.Knowledge;

namespace Bot.Evaluation;

/// <summary>A labelled question with what retrieval returned for it.</summary>
public sealed record Scored(LabelledQuestion Question, SearchResult Result)
{
    public bool TopRight => Result.Hits.Count > 0 && Question.Accepted.Contains(Result.Hits[0].Entry.Id);
    public bool Top3Right => Result.Hits.Take(3).Any(h => Question.Accepted.Contains(h.Entry.Id));
}

/// <summary>The five numbers of retrieval.md §6 step 6, as shares of in-scope (first four) and out-of-scope questions.</summary>
public sealed record FusedDecisionReport(int InScope, double AnsweredRight, double AnsweredWrong, double SuggestHasIt, double SuggestLacksIt, double Fallback,
    int Near, double NearAnswered, int Far, double FarAnswered)
{
    public override string ToString() =>
        $"in scope ({InScope}): answered right {AnsweredRight:P0}, wrong {AnsweredWrong:P0}, did-you-mean with it {SuggestHasIt:P0}, without {SuggestLacksIt:P0}, fallback/decline {Fallback:P0}; "
        + $"out of scope answered with a citation: near {NearAnswered:P0} of {Near}, far {FarAnswered:P0} of {Far}";
}

/// <summary>
/// Sets the dialog's thresholds from a labelled set (retrieval.md §6): AnswerMargin is the lowest margin at which
/// direct answers reach the precision target (out-of-scope answers count as wrong); AnswerMinScore the lowest top
/// score that can be added without dropping below it; SuggestMinScore the highest top score at which "answered
/// right or did-you-mean has it" stays within two points of its value without a floor.
/// </summary>
public static class FusedCalibrator
{
    public static RetrievalOptions Calibrate(IReadOnlyList<Scored> set, RetrievalOptions current, double precisionTarget = 0.90, double slack = 0.02)
    {
        var relevant = set.Where(s => s.Question.InScope || s.Question.OutOfScope).ToArray();
        var candidate = new RetrievalOptions { Semantic = current.Semantic, AnswerMinScore = double.MaxValue, SuggestMinScore = 0 };

        var margins = relevant.Select(s => s.Result.Margin).Where(m => m > 0).Distinct().Order().ToArray();
        candidate.AnswerMargin = margins.FirstOrDefault(m => Precision(relevant, With(candidate, answerMargin: m)) >= precisionTarget, margins.LastOrDefault() + 1e-6);
        candidate.AnswerMargin = Math.Round(candidate.AnswerMargin, 4, MidpointRounding.ToPositiveInfinity);

        var tops = relevant.Select(s => s.Result.TopScore).Distinct().OrderDescending().ToArray();
        var minScore = double.MaxValue;
        foreach (var top in tops)
        {
            if (Precision(relevant, With(candidate, answerMinScore: top)) < precisionTarget)
            {
                break;
            }
            minScore = top;
        }
        candidate.AnswerMinScore = minScore == double.MaxValue ? 10 : Math.Round(minScore, 4, MidpointRounding.ToPositiveInfinity);

        var inScope = relevant.Where(s => s.Question.InScope).ToArray();
        // retrieval.md measures the slack from top-3 recall; answers and declines already cost some of that, so measure
        // it from the coverage with no floor at all.
        var best = Covered(inScope, With(candidate, suggestMinScore: 0));
        candidate.SuggestMinScore = tops.Order().LastOrDefault(t => Covered(inScope, With(candidate, suggestMinScore: t)) >= best - slack);
        candidate.SuggestMinScore = Math.Round(candidate.SuggestMinScore, 4, MidpointRounding.ToNegativeInfinity);
        return candidate;
    }

    public static FusedDecisionReport Report(IReadOnlyList<Scored> set, RetrievalOptions options)
    {
        var inScope = set.Where(s => s.Question.InScope).ToArray();
        double Share(IEnumerable<Scored> items, Func<Scored, bool> test, int of) => of == 0 ? 0 : items.Count(test) / (double)of;
        var outcome = set.ToDictionary(s => s, s => RetrievalDecision.Decide(s.Result, options));
        var near = set.Where(s => s.Question.Label == LabelledQuestion.OutOfScopeNear).ToArray();
        var far = set.Where(s => s.Question.Label == LabelledQuestion.OutOfScopeFar).ToArray();
        return new FusedDecisionReport(
            inScope.Length,
            Share(inScope, s => outcome[s] == RetrievalOutcome.Answer && s.TopRight, inScope.Length),
            Share(inScope, s => outcome[s] == RetrievalOutcome.Answer && !s.TopRight, inScope.Length),
            Share(inScope, s => outcome[s] == RetrievalOutcome.Suggest && s.Top3Right, inScope.Length),
            Share(inScope, s => outcome[s] == RetrievalOutcome.Suggest && !s.Top3Right, inScope.Length),
            Share(inScope, s => outcome[s] is RetrievalOutcome.Fallback or RetrievalOutcome.Decline or RetrievalOutcome.Vague, inScope.Length),
            near.Length, Share(near, s => outcome[s] == RetrievalOutcome.Answer, near.Length),
            far.Length, Share(far, s => outcome[s] == RetrievalOutcome.Answer, far.Length));
    }

    private static double Precision(IEnumerable<Scored> set, RetrievalOptions options)
    {
        var answered = set.Where(s => RetrievalDecision.Decide(s.Result, options) == RetrievalOutcome.Answer).ToArray();
        return answered.Length == 0 ? 0 : answered.Count(s => s.TopRight) / (double)answered.Length;
    }

    private static double Covered(IReadOnlyList<Scored> inScope, RetrievalOptions options) => inScope.Count(s =>
        RetrievalDecision.Decide(s.Result, options) switch
        {
            RetrievalOutcome.Answer => s.TopRight,
            RetrievalOutcome.Suggest => s.Top3Right,
            _ => false,
        }) / (double)Math.Max(1, inScope.Count);

    private static RetrievalOptions With(RetrievalOptions o, double? answerMargin = null, double? answerMinScore = null, double? suggestMinScore = null) => new()
    {
        AnswerMargin = answerMargin ?? o.AnswerMargin,
        AnswerMinScore = answerMinScore ?? o.AnswerMinScore,
        SuggestMinScore = suggestMinScore ?? o.SuggestMinScore,
        Semantic = o.Semantic,
    };
}
