using System.Text.Json.Nodes;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Conversation;

public class ConversationTests
{
    private static async Task<(BotApplication App, BotClient Bot)> StartAsync()
    {
        var app = new BotApplication();
        return (app, new BotClient(app.CreateClient()));
    }

    [Fact]
    public async Task WelcomeOnConversationUpdateSaysItIsAnAutomatedAssistantAndOffersStarters()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var replies = await bot.SendAsync(ActivityAssertions.Json("""
            {"type":"conversationUpdate","membersAdded":[{"id":"clinic-bot","role":"bot"},{"id":"visitor-1","role":"user"}]}
            """));
        var welcome = Assert.Single(replies);
        Assert.Contains("automated assistant", welcome.Text());
        Assert.Contains("not medical advice", welcome.Text().Replace("can't give medical advice", "not medical advice"));
        Assert.True(welcome.Buttons().Count >= 3);
        Assert.Contains("Book a free assessment", welcome.Buttons());
        // Replies to a conversationUpdate go to the conversation, not to an activity (protocol.md §1.1).
        Assert.Null(welcome["replyToId"]);
    }

    [Fact]
    public async Task WelcomeIsSentOnceEvenWhenWebChatJoinFollowsTheConversationUpdate()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        Assert.Single(await bot.SendAsync(ActivityAssertions.Json("""{"type":"conversationUpdate","membersAdded":[{"id":"visitor-1"}]}""")));
        Assert.Empty(await bot.SendAsync(ActivityAssertions.Json("""{"type":"event","name":"webchat/join","value":{}}""")));
    }

    [Fact]
    public async Task NoWelcomeWhenOnlyTheBotJoins()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        Assert.Empty(await bot.SendAsync(ActivityAssertions.Json("""{"type":"conversationUpdate","membersAdded":[{"id":"clinic-bot"}]}""")));
    }

    [Theory]
    [InlineData("hi", "Hello")]
    [InlineData("hello there", "Hello")]
    [InlineData("thanks so much", "welcome")]
    [InlineData("bye", "Take care")]
    [InlineData("what can you do", "automated assistant")]
    [InlineData("are you a bot?", "not a person")]
    [InlineData("am i talking to a real person", "not a person")]
    [InlineData("r u real", "not a person")]
    [InlineData("can i talk to a human", "can't connect you to a person")]
    public async Task ConversationalMovesGetTheirOwnReplies(string text, string expected)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync(text);
        Assert.Contains(expected, reply.Text());
        Assert.Null(reply.CitedTitle());
    }

    [Fact]
    public async Task AGreetingWithAQuestionAnswersTheQuestion()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync("hi! how long does an infusion take?");
        Assert.Equal("How long an infusion takes", reply.CitedTitle());
        Assert.Contains("40 minutes", reply.Text());
    }

    [Theory]
    [InlineData("will i trip on it", "Hallucinations and the \"K-hole\"")]
    [InlineData("how long does the drip take", "How long an infusion takes")]
    [InlineData("is ketamine legal", "Is ketamine legal?")]
    [InlineData("can i get it done at home", "Infusions at home")]
    [InlineData("how does ketamine work in the brain", "How ketamine works in the brain")]
    public async Task LooseQuestionsGetCitedAnswers(string question, string title)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync(question);
        Assert.Equal(title, reply.CitedTitle());
    }

    [Fact]
    public async Task TheMechanismAnswerSaysNmdaNeverMdma()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync("how does ketamine work in the brain");
        Assert.Contains("NMDA", reply.Text());
        Assert.DoesNotContain("MDMA", reply.Text());
    }

    [Theory]
    [InlineData("i want to kill myself")]
    [InlineData("i dont want to be alive anymore")]
    [InlineData("been cutting myself again")]
    [InlineData("kms")]
    [InlineData("i wnat to die")]
    public async Task CrisisGetsResourcesFirstAndAloneAtAnyPoint(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        await bot.AskAsync("what are the side effects");
        var replies = await bot.SayAsync(text);
        var crisis = Assert.Single(replies);
        Assert.True(crisis.IsCrisis());
        Assert.Contains("Call or text 988", crisis.Text());
        Assert.Empty(crisis.Buttons());
        Assert.Null(crisis.CitedTitle());
    }

    [Fact]
    public async Task CrisisWordsAtTheEndOfALongMessageStillComeFirst()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var rambling = string.Concat(Enumerable.Repeat("i have been reading about infusions, side effects and the course. ", 28));
        var replies = await bot.SayAsync(rambling + "honestly i just want to end my life");
        Assert.True(rambling.Length > 1800);
        var crisis = Assert.Single(replies);
        Assert.True(crisis.IsCrisis());
        Assert.Contains("Call or text 988", crisis.Text());
    }

    [Theory]
    [InlineData("im dying to know what it feels like")]
    [InlineData("my back is killing me")]
    [InlineData("can ketamine kill you")]
    [InlineData("has anyone died from an infusion")]
    [InlineData("i want to dye my hair before my appointment, is that ok")]
    public async Task FiguresOfSpeechAndSafetyQuestionsAreNotCrises(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync(text);
        Assert.False(reply.IsCrisis());
    }

    [Theory]
    [InlineData("how much ketamine should i take")]
    [InlineData("should i stop my zoloft before treatment")]
    [InlineData("im pregnant is it ok")]
    [InlineData("i have a heart condition can i still get infusions")]
    [InlineData("can i take it with my xanax")]
    [InlineData("had a pacemaker fitted in 2021, would i be cleared for this")]
    [InlineData("does an overactive thyroid rule me out")]
    [InlineData("im on ritalin, is that gonna mess w the infusion")]
    public async Task PersonalMedicalQuestionsAreDeferredToAClinicianWithoutADose(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync(text);
        Assert.Contains("clinician", reply.Text());
        Assert.Contains("Book a free assessment", reply.Buttons());
        Assert.DoesNotMatch(@"\d+\s*(mg|milligram|ml)", reply.Text());
    }

    [Fact]
    public async Task AQuestionTheContentDoesNotCoverGetsAnHonestAnswerWithTheWayForward()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync("how much does it cost");
        Assert.Null(reply.CitedTitle());
        Assert.Contains("+1 (888) 803-3375", reply.Text());
        Assert.Contains("Book a free assessment", reply.Buttons());
    }

    [Fact]
    public async Task TwoMissesInARowOfferACallBackInsteadOfAskingAgain()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var first = await bot.AskAsync("xqzv plorb");
        Assert.Contains("don't have information", first.Text());
        var second = await bot.AskAsync("blarg fnord wibble");
        Assert.Contains("call you back", second.Text());
        Assert.Contains("Book a free assessment", second.Buttons());
    }

    [Fact]
    public async Task PastTheConversationLimitTheLeastRecentlyActiveAreForgottenAndRecentOnesRemembered()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Conversation:MaxConversations"] = "50", ["RateLimits:Enabled"] = "false" });
        var http = app.CreateClient();
        var oldest = new BotClient(http);
        Assert.Contains("don't have information", (await oldest.AskAsync("xqzv plorb")).Text());
        // A flood of one-message visitors, well past the limit of 50 (from one test client, so without the
        // per-address limits, which RateLimitTests cover).
        for (var i = 0; i < 600; i++)
        {
            await new BotClient(http).AskAsync("hello");
        }
        var recent = new BotClient(http);
        Assert.Contains("don't have information", (await recent.AskAsync("xqzv plorb")).Text());

        // The recent visitor's first miss is remembered: the second gets the call-back offer...
        Assert.Contains("call you back", (await recent.AskAsync("blarg fnord wibble")).Text());
        // ...while the oldest visitor's was forgotten, so this reads as a first miss again.
        Assert.Contains("don't have information", (await oldest.AskAsync("blarg fnord wibble")).Text());
    }

    [Fact]
    public async Task AVisitorHalfwayThroughTheAssessmentFormKeepsItPastTheConversationLimit()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Conversation:MaxConversations"] = "50", ["RateLimits:Enabled"] = "false" });
        var http = app.CreateClient();
        var visitor = new BotClient(http);
        await visitor.SayAsync("Book a free assessment");
        Assert.Contains("phone number", string.Join("\n", (await visitor.SayAsync("Dana Smith")).Select(a => a.Text())));
        for (var i = 0; i < 600; i++)
        {
            await new BotClient(http).AskAsync("hello");
        }
        // The form carries on where it was: the number is taken, and the next question is the email.
        var replies = string.Join("\n", (await visitor.SayAsync("(415) 555-0132")).Select(a => a.Text()));
        Assert.Contains("+1 415-555-0132", replies);
        Assert.Contains("email", replies);
    }

    [Fact]
    public async Task ManyVisitorsAtOncePastTheConversationLimitAllGetAnswers()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Conversation:MaxConversations"] = "20", ["RateLimits:Enabled"] = "false" });
        var http = app.CreateClient();
        // Eight at a time, as the load test does: forgetting old conversations must not trip over new ones.
        var failures = 0;
        await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var reply = await new BotClient(http).SayAsync("hello");
            if (reply.Count != 1 || !reply[0].Text().Contains("Hello"))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task DidYouMeanOptionsResolveToACitedAnswerWhenPicked()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync("after effects");
        if (reply.CitedTitle() is null)
        {
            Assert.Contains("Did you mean", reply.Text());
            Assert.Contains("Something else", reply.Buttons());
            Assert.Contains("How long side effects last", reply.Buttons());
            var pick = reply.Buttons().First();
            var answer = await bot.AskAsync(pick);
            Assert.Equal(pick, answer.CitedTitle());
        }
        else
        {
            Assert.Fail("expected a did-you-mean for a one-word, ambiguous question; got an answer: " + reply.CitedTitle());
        }
    }

    [Fact]
    public async Task SomethingElseAfterDidYouMeanAsksToRephraseThenOffersACallBack()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        Assert.Contains("Did you mean", (await bot.AskAsync("after effects")).Text());
        Assert.Contains("ask it another way", (await bot.AskAsync("Something else")).Text());
        var next = await bot.AskAsync("blarg fnord wibble");
        Assert.Contains("call you back", next.Text());
    }

    [Fact]
    public async Task ClickingARelatedTopicButtonAnswersThatTopic()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var first = await bot.AskAsync("what does an infusion feel like");
        var related = first.Buttons().First(b => b != "Book a free assessment");
        var second = await bot.AskAsync(related);
        Assert.Equal(related, second.CitedTitle());
    }

    [Fact]
    public async Task VagueQuestionsAskForMoreDetail()
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var reply = await bot.AskAsync("how?");
        Assert.Contains("tell me a little more", reply.Text());
    }

    [Theory]
    [InlineData("book a free assessment")]
    [InlineData("can someone call me back")]
    public async Task AssessmentRequestsGetAWayToBook(string text)
    {
        var (app, bot) = await StartAsync();
        await using var _ = app;
        var replies = await bot.SayAsync(text);
        Assert.NotEmpty(replies);
        Assert.Null(replies[0].CitedTitle());
        Assert.False(replies[0].IsCrisis());
    }
}
