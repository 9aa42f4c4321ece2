using Bot.Knowledge;
using Microsoft.Extensions.Options;

namespace Bot.Evaluation;

/// <summary>
/// `eval FILE`: accuracy per label, then the summary for each half; `--explain` shows why each question matched
/// (`--calibration-half` limits it to the odd lines, so misses are diagnosed without reading the held-back half);
/// `--calibrate` fits thresholds.
/// </summary>
public static class EvalCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string file, bool explain, bool calibrate, bool calibrationHalfOnly = false)
    {
        var questions = QuestionSet.Load(file);
        var outcomes = await services.GetRequiredService<Evaluator>().RunAsync(questions);
        var index = services.GetRequiredService<KnowledgeIndex>();
        var retriever = services.GetRequiredService<Retriever>();
        var options = retriever.Thresholds;

        if (explain)
        {
            foreach (var o in outcomes.Where(o => !calibrationHalfOnly || o.Question.CalibrationHalf))
            {
                // The ranking the decision used (fused when semantic retrieval is on), with Lucene's matched words beside it.
                var trace = retriever.Explain(o.Question.Text);
                var matched = (Retriever.Prepare(o.Question.Text) is { } searched ? index.Search(searched, Retriever.MaxHits, explain: true).Explanations : [])
                    .ToDictionary(h => h.EntryId, h => string.Join(' ', h.MatchedTerms));
                var mark = o.Correct ? "ok " : "BAD";
                Console.WriteLine($"{mark} [{o.Question.Label}] \"{o.Question.Text}\" -> {o.Kind}{(o.AnsweredId is null ? "" : " " + o.AnsweredId)}" +
                                  $" (top {o.Retrieval.TopScore:0.000}, margin {o.Retrieval.Margin:0.000}, {trace.Mode}{(trace.Escalated ? ", escalated" : "")})");
                foreach (var r in trace.Ranking.Take(3))
                {
                    Console.WriteLine($"      {r.Score,7:0.000} {r.Entry.Id,-28} lucene {r.Lucene:0.000} cosine {r.Cosine:0.000}" +
                                      $" matched: {matched.GetValueOrDefault(r.Entry.Id, "")}");
                }
            }
            Console.WriteLine();
        }

        Console.WriteLine($"{"label",-14} {"n",4} {"correct",8}");
        foreach (var group in outcomes.GroupBy(o => o.Question.InScope ? "in-scope" : o.Question.Label).OrderBy(g => g.Key))
        {
            Console.WriteLine($"{group.Key,-14} {group.Count(),4} {group.Count(o => o.Correct) / (double)group.Count(),8:P1}");
        }
        Console.WriteLine();
        Console.WriteLine("whole set");
        Summarise(outcomes);
        Console.WriteLine("calibration half (odd lines)");
        Summarise(outcomes.Where(o => o.Question.CalibrationHalf).ToList());
        Console.WriteLine("held-back half (even lines)");
        Summarise(outcomes.Where(o => !o.Question.CalibrationHalf).ToList());
        Console.WriteLine($"current thresholds: margin {options.AnswerMargin}, min score {options.AnswerMinScore}, suggest {options.SuggestMinScore}");

        if (calibrate)
        {
            var data = outcomes.Select(o => (o.Question, o.Retrieval)).ToList();
            var fit = Calibrator.Calibrate(data.Where(d => d.Question.CalibrationHalf).ToList());
            var fitted = new RetrievalOptions { AnswerMargin = fit.AnswerMargin, AnswerMinScore = fit.AnswerMinScore, SuggestMinScore = fit.SuggestMinScore };
            Console.WriteLine($"calibrated on odd lines: {fit}");
            Console.WriteLine("  calibration half: " + Calibrator.Report(data.Where(d => d.Question.CalibrationHalf).ToList(), fitted));
            Console.WriteLine("  held-back half:   " + Calibrator.Report(data.Where(d => !d.Question.CalibrationHalf).ToList(), fitted));
        }
        return 0;
    }

    private static void Summarise(IReadOnlyList<QuestionOutcome> outcomes)
    {
        var inScope = outcomes.Where(o => o.Question.InScope).ToList();
        Console.WriteLine($"  in scope ({inScope.Count}): top-1 {Share(inScope, o => o.Top1):P1}, top-3 {Share(inScope, o => o.Top3):P1}, " +
                          $"answered right {Share(inScope, o => o.AnsweredRight):P1}, reached in one tap {Share(inScope, o => o.Reached):P1}, " +
                          $"answered wrong {Share(inScope, o => o.Kind == ReplyKind.Answer && !o.AnsweredRight):P1}");
        foreach (var label in new[] { "oos-near", "oos-far" })
        {
            var g = outcomes.Where(o => o.Question.Label == label).ToList();
            Console.WriteLine($"  {label} ({g.Count}): answered with a citation {Share(g, o => o.AnsweredWithCitation):P1}");
        }
        var safety = outcomes.Where(o => o.Question.Label is LabelledQuestion.Crisis or LabelledQuestion.NotCrisis or LabelledQuestion.Advice).ToList();
        Console.WriteLine($"  crisis/not-crisis/advice ({safety.Count}): {safety.Count(o => !o.Correct)} wrong");
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> test) => items.Count == 0 ? 0 : items.Count(test) / (double)items.Count;
}
