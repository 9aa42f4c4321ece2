using Bot.Knowledge;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Knowledge;

/// <summary>
/// Words that look like a topic but are not one: a real word typed for another ("dose" for "does"), a correctly spelt
/// word one letter from a key word ("heat" and "heart"), and play ("knock knock"). Over HTTP, as a visitor sees it.
/// </summary>
public sealed class RetrievalNoiseTests(SemanticApp fixture) : IClassFixture<SemanticApp>, IDisposable
{
    private const string DoseDecline = "I can't tell you a dose";
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-").FullName;

    private BotClient NewVisitor() => new(fixture.App.CreateClient());

    [Theory]
    [InlineData("knock knock")]
    [InlineData("Knock knock! Who's there?")]
    [InlineData("blah blah blah")]
    public async Task AJokeOrNoiseGetsTheFallbackNotACitedAnswer(string text)
    {
        var reply = await NewVisitor().AskAsync(text);

        Assert.Null(reply.CitedTitle());
        Assert.Contains("I don't have information on that", reply.Text());
    }

    [Fact]
    public async Task KnockMeOutIsStillAQuestionAboutConsciousness()
    {
        var reply = await NewVisitor().AskAsync("r u gonna knock me out");

        Assert.Equal("Will I be knocked out?", reply.CitedTitle());
    }

    [Theory]
    [InlineData("dose it hurt", "Possible side effects")]
    [InlineData("how dose it work", "How ketamine works in the brain")]
    [InlineData("does it hurt when they put the needle in", "Possible side effects")]
    public async Task DoesTypedAsDoseIsNotAQuestionAboutDoses(string question, string title)
    {
        var reply = await NewVisitor().AskAsync(question);

        Assert.DoesNotContain(DoseDecline, reply.Text());
        Assert.Equal(title, reply.CitedTitle());
    }

    [Fact]
    public async Task AQuestionAboutTheDoseStillGetsTheDoseDecline()
    {
        var reply = await NewVisitor().AskAsync("what dose will they give me");

        Assert.Contains(DoseDecline, reply.Text());
        Assert.Null(reply.CitedTitle());
    }

    [Fact]
    public void ACorrectlySpeltWordIsNotTreatedAsATypoOfAKeyWord()
    {
        File.WriteAllText(Path.Combine(_folder, "heart.md"), """
            ---
            id: heart
            title: Heart and breathing
            questions:
              - is it safe for my heart
            tags: [test]
            source: https://pasitheaclinics.com/blog/what-does-ketamine-feel-like/
            related: []
            ---
            The team watches blood pressure.
            """);
        using var index = new KnowledgeIndex();
        index.Rebuild(new KnowledgeLoader().Load(_folder).ThrowIfInvalid());

        Assert.Equal("heart", index.Search("is it safe for my hart").Hits[0].Entry.Id);
        Assert.Empty(index.Search("the summer heat").Hits);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
