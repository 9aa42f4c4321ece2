using Bot.Conversation;
using Bot.Conversation.Safety;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Conversation;

/// <summary>
/// Requests worded so the patterns miss them, which the intent layer (the static table's nearness to exemplars) still
/// routes: in every configuration, semantic retrieval on or off. Plain questions near them are still answered.
/// </summary>
public class IntentLayerTests
{
    private const string FormStarts = "I can help you request the clinic's free assessment";
    private const string DoseDeferral = "I can't tell you a dose";
    private const string AdviceDeferral = "only a clinician who knows you can answer it";

    private static BotApplication Start(bool semantic) =>
        new(new Dictionary<string, string?> { ["Retrieval:Semantic:Enabled"] = semantic ? "true" : "false" });

    [Theory]
    [InlineData("would a heavier person get a bigger amount of the drug", true)]
    [InlineData("would a tall heavy man be given a larger amount", true)]
    [InlineData("is the amount the same for everyone or does it depend on size", false)]
    public async Task DoseQuestionsThePatternsMissGetTheDoseDeferral(string text, bool semantic)
    {
        Assert.False(MedicalAdviceDetector.IsPersonalAdvice(TextNormalizer.ForMatching(text)));
        await using var app = Start(semantic);
        Assert.Contains(DoseDeferral, (await new BotClient(app.CreateClient()).AskAsync(text)).Text());
    }

    [Theory]
    [InlineData("I was sober for five years, would ketamine put my recovery at risk", true)]
    [InlineData("I used to drink heavily and now I'm sober, would ketamine threaten my recovery", false)]
    public async Task PersonalAdviceThePatternsMissIsDeferred(string text, bool semantic)
    {
        Assert.False(MedicalAdviceDetector.IsPersonalAdvice(TextNormalizer.ForMatching(text)));
        await using var app = Start(semantic);
        var reply = await new BotClient(app.CreateClient()).AskAsync(text);
        Assert.Contains(AdviceDeferral, reply.Text());
        Assert.Contains("Book a free assessment", reply.Buttons());
    }

    [Theory]
    [InlineData("could you schedule me in for next tuesday", true)]
    [InlineData("id love to get on your calendar as soon as possible", true)]
    [InlineData("can i get the earliest opening you have", false)]
    public async Task BookingRequestsThePatternsMissStartTheForm(string text, bool semantic)
    {
        Assert.NotEqual(Intent.Assessment, SmallTalk.Classify(TextNormalizer.ForMatching(text)).Kind);
        await using var app = Start(semantic);
        Assert.Contains(FormStarts, (await new BotClient(app.CreateClient()).AskAsync(text)).Text());
    }

    [Theory]
    [InlineData("how long does one infusion take", "How long an infusion takes")]
    [InlineData("what side effects can ketamine cause", "Possible side effects")]
    [InlineData("does ketamine affect heart rate", "Effects on heart and breathing")]
    [InlineData("what happens during the free assessment", "The free assessment")]
    public async Task GeneralQuestionsNearThoseRequestsAreStillAnswered(string text, string title)
    {
        await using var app = Start(semantic: true);
        Assert.Equal(title, (await new BotClient(app.CreateClient()).AskAsync(text)).CitedTitle());
    }
}
