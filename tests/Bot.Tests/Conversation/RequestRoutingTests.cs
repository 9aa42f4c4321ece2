using Bot.Tests.Infrastructure;

namespace Bot.Tests.Conversation;

/// <summary>Dosing questions always get the clinician deferral; booking requests in their many forms start the form.</summary>
public class RequestRoutingTests
{
    private const string FormStarts = "I can help you request the clinic's free assessment";

    private static async Task<(BotApplication App, BotClient Bot)> StartAsync()
    {
        var app = new BotApplication();
        return (app, new BotClient(app.CreateClient()));
    }

    [Theory]
    [InlineData("how many mg do you give for depression")]
    [InlineData("is the dose based on body weight")]
    [InlineData("what's the usual dose per session")]
    [InlineData("how much ketamine is in the bag")]
    [InlineData("can they turn the dose up if i dont feel anything")]
    [InlineData("on a rough day can i take extra sprays of the nasal kind")]
    [InlineData("could i ask for a lower dose next time")]
    public async Task DosingQuestionsGetTheClinicianDeferral(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync(text);
        Assert.Contains("I can't tell you a dose", reply.Text());
        Assert.Contains("Book a free assessment", reply.Buttons());
    }

    [Theory]
    [InlineData("dose it hurt when the iv goes in")]
    [InlineData("at the doses used in a clinic, will i hallucinate")]
    public async Task AMistypedDoesOrAGeneralMentionOfDosesIsNoDosingQuestion(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        Assert.DoesNotContain("I can't tell you a dose", (await bot.AskAsync(text)).Text());
    }

    [Theory]
    [InlineData("put me down for one")]
    [InlineData("I'd like an appointment")]
    [InlineData("can you get me in")]
    [InlineData("please have someone from the clinic reach out to me")]
    [InlineData("where do i sign up")]
    public async Task BookingRequestsStartTheForm(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        Assert.Contains(FormStarts, (await bot.AskAsync(text)).Text());
    }

    [Theory]
    [InlineData("let's do it")]
    [InlineData("yes please")]
    [InlineData("sure, set it up")]
    [InlineData("yeah ok")]
    public async Task AYesRightAfterTheAssessmentWasDescribedStartsTheForm(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        Assert.Equal("The free assessment", (await bot.AskAsync("what is the free assessment")).CitedTitle());
        Assert.Contains(FormStarts, (await bot.AskAsync(text)).Text());
    }

    [Fact]
    public async Task AYesOutOfTheBlueDoesNotStartTheForm()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        await bot.AskAsync("what does an infusion feel like");
        Assert.DoesNotContain(FormStarts, (await bot.AskAsync("yes please")).Text());
    }
}
