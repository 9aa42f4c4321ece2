using Bot.Evaluation;
using Bot.Handoff;
using Bot.Knowledge;
using Bot.Knowledge.Semantic;

namespace Bot.Insights;

/// <summary>
/// `kb phrasings`: how the phrasings staff attached in the inbox move top-1 accuracy on the labelled set, measured
/// on the knowledge files without them and then with them (run it on the server's database before committing the export).
/// </summary>
public static class PhrasingsCommand
{
    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var phrasings = await new InsightsStore(services.GetRequiredService<HandoffDatabase>()).PhrasingsAsync(CancellationToken.None);
        var folder = services.GetRequiredService<KnowledgeFolder>();
        var index = services.GetRequiredService<KnowledgeIndex>();
        var semantic = services.GetService<SemanticIndex>();
        var retriever = services.GetRequiredService<Retriever>();
        var questions = QuestionSet.Load(Path.Combine(AppPaths.ContentRoot(), "tests", "Bot.Tests", "Data", "questions.tsv")).Where(q => q.InScope).ToArray();

        Rebuild(folder.Initial);
        var before = questions.Where(q => new Scored(q, retriever.Retrieve(q.Text)).TopRight).Select(q => q.Text).ToHashSet();
        Rebuild(AttachedPhrasings.With(folder.Initial, phrasings));
        var after = questions.Where(q => new Scored(q, retriever.Retrieve(q.Text)).TopRight).Select(q => q.Text).ToHashSet();

        var output = Console.Out;
        await output.WriteLineAsync($"{phrasings.Count} attached phrasing(s) on {phrasings.Select(p => p.EntryId).Distinct().Count()} entr(y/ies).");
        await output.WriteLineAsync($"Top-1 on the labelled set ({questions.Length} in-scope questions): {Pct(before.Count)} without them, {Pct(after.Count)} with them ({after.Count - before.Count:+0;-0;0} questions).");
        foreach (var lost in before.Except(after))
        {
            await output.WriteLineAsync($"  now wrong: {lost}");
        }
        foreach (var won in after.Except(before))
        {
            await output.WriteLineAsync($"  now right: {won}");
        }
        return 0;

        void Rebuild(KnowledgeSet set)
        {
            semantic?.Rebuild(set);
            index.Rebuild(set);
        }

        string Pct(int right) => questions.Length == 0 ? "-" : $"{100.0 * right / questions.Length:0.0}%";
    }
}
