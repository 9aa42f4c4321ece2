using System.Diagnostics;
using Bot.Knowledge;
using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Evaluation;

/// <summary>
/// `kb measure [questions.tsv]`: every retrieval mode on the labelled set — top-1, top-3, out-of-scope answered,
/// share escalated, CPU per question — with thresholds calibrated on the odd lines and reported on the even ones.
/// Settings can be overridden like the server's (--Retrieval:Semantic:LuceneWeight=0.4).
/// </summary>
public static class MeasureCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? Path.Combine(AppPaths.ContentRoot(), "tests", "Bot.Tests", "Data", "questions.tsv");
        // The question-vector cache off: the warm-up pass below would fill it, and the CPU column would then leave
        // out every MiniLM call.
        using var host = CommandHost.Build(["--Retrieval:Semantic:CacheSize=0", .. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))]);
        var folder = host.Services.GetRequiredService<KnowledgeFolder>();
        host.Services.GetService<SemanticIndex>()?.Rebuild(folder.Initial);
        if (host.Services.GetService<SemanticIndex>() is not null)
        {
            await host.Services.GetRequiredService<SemanticModels>().LoadSentenceAsync();
        }
        await folder.InitialBuild; // the Lucene index, started by AddKnowledge
        var retriever = host.Services.GetRequiredService<Retriever>();
        var configured = host.Services.GetRequiredService<IOptions<RetrievalOptions>>().Value;
        var questions = QuestionSet.Load(path).Where(q => q.InScope || q.OutOfScope || args.Contains("--all")).ToArray();
        var output = Console.Out;

        var modes = retriever.IsSemantic
            ? new[] { RetrievalMode.Lucene, RetrievalMode.Static, RetrievalMode.Cascade, RetrievalMode.Sentence }
            : [RetrievalMode.Lucene];
        // Warm every path first, so JIT and tiered compilation do not land on whichever mode runs first.
        foreach (var mode in modes)
        {
            foreach (var q in questions)
            {
                retriever.Explain(q.Text, mode);
            }
        }
        var runs = new Dictionary<RetrievalMode, (RetrievalTrace[] Traces, double CpuMs)>();
        foreach (var mode in modes)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var traces = questions.Select(q => retriever.Explain(q.Text, mode)).ToArray();
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / questions.Length;
            runs[mode] = (traces, used);
        }

        var luceneTops = questions.Zip(runs[RetrievalMode.Lucene].Traces)
            .Where(p => p.First.InScope && p.First.CalibrationHalf && p.Second.Result.Hits.Count > 0)
            .Select(p => p.Second.Result.TopScore).Order().ToArray();
        await output.WriteLineAsync($"{questions.Length} questions ({questions.Count(q => q.InScope)} in scope, "
            + $"{questions.Count(q => q.Label == LabelledQuestion.OutOfScopeNear)} near, {questions.Count(q => q.Label == LabelledQuestion.OutOfScopeFar)} far) from {path}");
        await output.WriteLineAsync($"Median Lucene top score, in-scope calibration half (the squash constant c): {(luceneTops.Length > 0 ? luceneTops[luceneTops.Length / 2] : 0):0.###}; configured {configured.Semantic.SquashConstant}");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| design | top-1 | top-3 | OOS not answered (far / near) | escalated | CPU per question | thresholds (odd lines) | held back (even lines) |");
        await output.WriteLineAsync("|---|---|---|---|---|---|---|---|");
        foreach (var (mode, (traces, cpu)) in runs)
        {
            var scored = questions.Zip(traces, (q, t) => new Scored(q, t.Result)).ToArray();
            var calibrated = FusedCalibrator.Calibrate(scored.Where(s => s.Question.CalibrationHalf).ToArray(), configured);
            var all = FusedCalibrator.Report(scored, calibrated);
            var held = FusedCalibrator.Report(scored.Where(s => !s.Question.CalibrationHalf).ToArray(), calibrated);
            var inScope = scored.Where(s => s.Question.InScope).ToArray();
            await output.WriteLineAsync($"| {mode} | {Pct(inScope.Count(s => s.TopRight), inScope.Length)} | {Pct(inScope.Count(s => s.Top3Right), inScope.Length)} "
                + $"| {1 - all.FarAnswered:P0} / {1 - all.NearAnswered:P0} | {traces.Count(t => t.Escalated) / (double)traces.Length:P0} | {cpu:0.00} ms "
                + $"| margin {calibrated.AnswerMargin}, min {calibrated.AnswerMinScore}, suggest {calibrated.SuggestMinScore} "
                + $"| right {held.AnsweredRight:P0}, wrong {held.AnsweredWrong:P0}, near OOS answered {held.NearAnswered:P0}, far {held.FarAnswered:P0}, top-1 {HeldTop1(scored)} |");
        }

        if (runs.TryGetValue(RetrievalMode.Static, out var cheap) && runs.TryGetValue(RetrievalMode.Sentence, out var full))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Escalation margin sweep (the cascade, computed from the static and MiniLM runs):");
            await output.WriteLineAsync("| escalation margin | top-1 | top-3 | held-back top-1 | escalated |");
            await output.WriteLineAsync("|---|---|---|---|---|");
            foreach (var m in new[] { 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 1 })
            {
                var picked = cheap.Traces.Zip(full.Traces, (c, f) => c.Escalated || c.CheapMargin < m ? f : c).ToArray();
                var scored = questions.Zip(picked, (q, t) => new Scored(q, t.Result)).ToArray();
                var inScope = scored.Where(s => s.Question.InScope).ToArray();
                var escalated = cheap.Traces.Count(c => c.Escalated || c.CheapMargin < m);
                await output.WriteLineAsync($"| {m} | {Pct(inScope.Count(s => s.TopRight), inScope.Length)} | {Pct(inScope.Count(s => s.Top3Right), inScope.Length)} | {HeldTop1(scored)} | {escalated / (double)questions.Length:P0} |");
            }
        }

        if (args.Contains("--misses"))
        {
            var mode = retriever.IsSemantic ? RetrievalMode.Cascade : RetrievalMode.Lucene;
            var calibrated = FusedCalibrator.Calibrate(questions.Zip(runs[mode].Traces, (q, t) => new Scored(q, t.Result)).Where(s => s.Question.CalibrationHalf).ToArray(), configured);
            foreach (var (q, t) in questions.Zip(runs[mode].Traces))
            {
                var wrong = (q.InScope || args.Contains("--all")) && !(t.Result.Hits.Count > 0 && q.Accepted.Contains(t.Result.Hits[0].Entry.Id));
                var answeredOos = q.OutOfScope && RetrievalDecision.Decide(t.Result, calibrated) == RetrievalOutcome.Answer;
                if (wrong || answeredOos)
                {
                    await output.WriteLineAsync($"MISS {q.Label} <- \"{q.Text}\"{(t.Result.Vague ? " (vague)" : "")}: {string.Join(", ", t.Ranking.Take(3).Select(r => $"{r.Entry.Id} {r.Score:0.000} (L {r.Lucene:0.00} cos {r.Cosine:0.00})"))}");
                }
            }
        }
        return 0;
    }

    private static string HeldTop1(IEnumerable<Scored> scored)
    {
        var held = scored.Where(s => s.Question.InScope && !s.Question.CalibrationHalf).ToArray();
        return Pct(held.Count(s => s.TopRight), held.Length);
    }

    private static string Pct(int n, int of) => of == 0 ? "-" : $"{100.0 * n / of:0.0}";
}
