using Bot.Knowledge;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Knowledge;

/// <summary>
/// The term-at-a-time scorer must give exactly Lucene's answers: the same entries in the same order with the same
/// scores, on the real knowledge base for every question the project holds, and on a larger base where common words'
/// postings are long and copies of an entry tie.
/// </summary>
public sealed class TermAtATimeScorerTests
{
    private static readonly KnowledgeSet Real =
        new KnowledgeLoader().Load(Path.Combine(BotApplication.RepoRoot, "knowledge")).ThrowIfInvalid();

    [Fact]
    public void RankingsAndScoresMatchLuceneOnTheRealBase()
    {
        var questions = LabelledQuestions().Concat(LoadQuestions()).ToArray();

        var compared = Compare(Real, questions);

        Assert.True(compared > 1_000, $"only {compared} questions reached the index");
    }

    [Fact]
    public void RankingsAndScoresMatchLuceneOnALargerBaseWithTies()
    {
        var random = new Random(3);
        var words = Real.Entries.SelectMany(e => e.Questions).SelectMany(q => q.Split(' ')).Distinct().ToArray();
        string Vary(string text) => string.Join(' ', text.Split(' ').Select(w => random.Next(4) == 0 ? words[random.Next(words.Length)] : w));
        var entries = Enumerable.Range(0, 2_000).Select(k =>
        {
            var source = Real.Entries[k % Real.Entries.Count];
            // The first copies are exact, so their scores tie and the lower document must win as in Lucene.
            return k < Real.Entries.Count * 3
                ? source with { Id = $"{source.Id}-{k}", Related = [] }
                : source with { Id = $"{source.Id}-{k}", Title = Vary(source.Title), Questions = source.Questions.Select(Vary).ToList(), Answer = Vary(source.Answer), Related = [] };
        }).ToList();

        var compared = Compare(Real with { Entries = entries }, LoadQuestions().ToArray());

        Assert.True(compared > 300, $"only {compared} questions reached the index");
    }

    private static int Compare(KnowledgeSet set, string[] questions)
    {
        using var termAtATime = new KnowledgeIndex();
        using var lucene = new KnowledgeIndex { UseLuceneScorer = true };
        termAtATime.Rebuild(set);
        lucene.Rebuild(set);
        var compared = 0;
        foreach (var question in questions)
        {
            var expected = lucene.Search(question, Retriever.MaxHits);
            var actual = termAtATime.Search(question, Retriever.MaxHits);
            Assert.Equal(Describe(expected), Describe(actual));
            compared += expected.Hits.Count > 0 ? 1 : 0;
        }
        return compared;

        // Ids and exact scores ("R" round-trips a double), so a difference in the last bit fails with both lists shown.
        static string Describe(SearchResult result) =>
            $"vague={result.Vague} " + string.Join(", ", result.Hits.Select(h => $"{h.Entry.Id}:{h.Score:R}"));
    }

    private static IEnumerable<string> LabelledQuestions() =>
        Directory.EnumerateFiles(Path.Combine(BotApplication.RepoRoot, "tests", "Bot.Tests", "Data"), "*.tsv", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Contains("sealed"))
            .SelectMany(File.ReadLines)
            .Where(line => !line.StartsWith('#') && line.Split('\t').Length >= 3)
            .Select(line => Retriever.Prepare(line.Split('\t')[2]))
            .OfType<string>();

    private static IEnumerable<string> LoadQuestions() =>
        File.ReadLines(Path.Combine(BotApplication.RepoRoot, "bench", "load-questions.txt"))
            .Select(Retriever.Prepare)
            .OfType<string>();
}
