using Bot.Evaluation;
using Bot.Knowledge;
using Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Knowledge;

/// <summary>One app for the read-only retrieval checks: each start loads the sentence model (about a second).</summary>
public sealed class SemanticApp : IAsyncLifetime
{
    public BotApplication App { get; } = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class SemanticRetrievalTests(SemanticApp fixture) : IClassFixture<SemanticApp>
{
    [Theory]
    [InlineData("will I be out of it?", "loss-of-consciousness")]
    [InlineData("r u gonna knock me out", "loss-of-consciousness")]
    [InlineData("does it mess with your head", "long-term-effects|how-it-feels|dissociation|floaty-spaced-out")]
    [InlineData("could i end up hooked on it", "addiction-cravings")]
    public void ParaphraseWithoutSharedWordsFindsItsEntryFirst(string question, string acceptable)
    {
        var app = fixture.App;
        var retriever = app.Services.GetRequiredService<Retriever>();

        var trace = retriever.Explain(question);

        Assert.True(retriever.IsSemantic);
        Assert.Contains(trace.Result.Hits[0].Entry.Id, acceptable.Split('|'));
    }

    [Theory]
    [InlineData("how much does a ketamine infusion cost", "decline-cost")]
    [InlineData("am i allowed to drive myself home afterwards", "decline-driving-alcohol")]
    [InlineData("can i have a glass of wine after my session", "decline-driving-alcohol")]
    [InlineData("how many milligrams will they give me", "decline-dose")]
    public void NearDomainQuestionLandsOnADeclineEntry(string question, string expected)
    {
        var app = fixture.App;
        var retriever = app.Services.GetRequiredService<Retriever>();
        var options = retriever.Thresholds;

        var result = retriever.Retrieve(question);

        Assert.Equal(expected, result.Hits[0].Entry.Id);
        Assert.NotEqual(RetrievalOutcome.Answer, RetrievalDecision.Decide(result, options));
    }

    [Fact]
    public void HeldBackHalfKeepsAccuracyAndDoesNotCiteUnrelatedContent()
    {
        var app = fixture.App;
        var retriever = app.Services.GetRequiredService<Retriever>();
        var options = retriever.Thresholds;
        var heldBack = QuestionSet.Load(Path.Combine(BotApplication.RepoRoot, "tests", "Bot.Tests", "Data", "questions.tsv"))
            .Where(q => !q.CalibrationHalf)
            .Select(q => new Scored(q, retriever.Retrieve(q.Text)))
            .ToArray();

        var inScope = heldBack.Where(s => s.Question.InScope).ToArray();
        var near = heldBack.Where(s => s.Question.Label == LabelledQuestion.OutOfScopeNear).ToArray();
        var top1 = inScope.Count(s => s.TopRight) / (double)inScope.Length;
        var nearAnswered = near.Count(s => RetrievalDecision.Decide(s.Result, options) == RetrievalOutcome.Answer) / (double)near.Length;

        Assert.True(inScope.Length >= 150 && near.Length >= 25, $"{inScope.Length} in scope, {near.Length} near-domain");
        // Issue 7's requirement (measured 89.5% and 6.1% on this half after the content work).
        Assert.True(top1 >= 0.88, $"held-back in-scope top-1 {top1:P1}, under the required 88%");
        Assert.True(nearAnswered <= 0.10, $"near-domain out-of-scope answered with a citation {nearAnswered:P1}, over the allowed 10%");
    }

    [Fact]
    public async Task SemanticOffGivesTheLuceneRankingUnchanged()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Retrieval:Semantic:Enabled"] = "false" });
        var retriever = app.Services.GetRequiredService<Retriever>();
        var index = app.Services.GetRequiredService<KnowledgeIndex>();

        foreach (var question in new[] { "how long does an infusion take", "will i be out of it?", "is ketamine addictive" })
        {
            var expected = index.Search(question, Retriever.MaxHits);
            var actual = retriever.Retrieve(question);
            Assert.Equal(expected.Vague, actual.Vague);
            Assert.Equal(expected.Hits.Select(h => (h.Entry.Id, h.Score)), actual.Hits.Select(h => (h.Entry.Id, h.Score)));
        }
        Assert.False(retriever.IsSemantic);
        Assert.Throws<InvalidOperationException>(() => retriever.Explain("anything", RetrievalMode.Sentence));
    }

    [Fact]
    public void ExplainShowsTheScoreParts()
    {
        var app = fixture.App;
        var retriever = app.Services.GetRequiredService<Retriever>();

        var trace = retriever.Explain("does the infusion hurt", RetrievalMode.Sentence);

        Assert.True(trace.Escalated);
        Assert.NotNull(trace.RunnerUp);
        var top = trace.Ranking[0];
        Assert.InRange(top.Cosine, 0.3, 1.0);
        Assert.Equal(0.5 * top.LuceneSquashed + 0.5 * top.Cosine, top.Score, 6);
        Assert.Equal(top.Score, trace.Result.TopScore);
    }
}
