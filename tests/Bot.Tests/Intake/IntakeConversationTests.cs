using System.Text.RegularExpressions;

namespace Bot.Tests.Intake;

public partial class IntakeConversationTests
{
    private const string ToSummary = """
        > PTSD
        < Are you 18 or older?
        > Yes
        < privacy notice: https://clinic.example/privacy
        [Yes, you can contact me]
        > Yes, you can contact me
        < Here's what I have
        [Confirm and send]
        [Edit something]
        """;

    [Theory]
    [InlineData("""
        > Book a free assessment
        < free assessment
        < What's your full name?
        > Dana Smith
        < Thanks, Dana.
        < phone number
        [Skip]
        > (415) 555-0132
        < I have +1 415-555-0132 as your number.
        < email
        [Skip]
        > dana@example.com
        < I have dana@example.com as your email.
        < How would you like the team to contact you?
        [Call]
        [Text]
        [Email]
        > Text
        < the team will text you
        < best time
        [Weekday mornings]
        > Weekday mornings
        < Noted: Weekday mornings.
        < What would you like help with?
        [Depression]
        [Anxiety]
        [PTSD]
        [Chronic pain]
        [Other]
        [Prefer not to say]
        > PTSD
        < Are you 18 or older?
        [Yes]
        [No]
        > Yes
        < privacy notice: https://clinic.example/privacy
        [Yes, you can contact me]
        > Yes, you can contact me
        < Here's what I have
        < **Name:** Dana Smith
        < **Phone:** +1 415-555-0132
        < **Email:** dana@example.com
        < **Contact method:** Text
        < **Best time:** Weekday mornings
        < **Reason:** PTSD
        [Confirm and send]
        [Edit something]
        [Cancel]
        > Confirm and send
        < Thank you, Dana. Your request has been sent
        < Your reference number is
        < text you within one business day
        """)]
    [InlineData("""
        > hi, i want to get started
        < What's your full name?
        > its dana smith
        < Thanks, Dana.
        > my number is 415.555.0132
        < I have +1 415-555-0132 as your number.
        > dana@example.com
        > texting please
        < the team will text you
        > weekday mornings
        < Noted: Weekday mornings.
        > ptsd mostly
        < Are you 18 or older?
        > yep I'm 34
        > sure
        < Here's what I have
        > looks good
        < Your reference number is
        """)]
    public async Task VisitorCompletesTheRequestWithButtonsOrTypedAnswers(string script)
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, script);

        var request = Assert.Single(await app.RequestsAsync());
        Assert.Equal("Dana Smith", request.Name);
        Assert.Equal("+14155550132", request.Phone);
        Assert.Equal("dana@example.com", request.Email);
        Assert.Equal("text", request.PreferredContact);
        Assert.Equal("Weekday mornings", request.BestTime);
        Assert.Equal("PTSD", request.Reason);
        Assert.False(request.Urgent);
        Assert.Equal("2025-01", await app.PrivacyNoticeVersionAsync(request.Reference));
        Assert.InRange(request.ConsentAt, app.Clock.GetUtcNow().AddMinutes(-1), app.Clock.GetUtcNow());
        Assert.Equal(chat.ConversationId, request.ConversationId);
        Assert.Contains(request.Transcript, l => l.StartsWith("visitor: ", StringComparison.Ordinal) && l.Contains("415", StringComparison.Ordinal));
        Assert.Contains(request.Transcript, l => l.StartsWith("bot: ", StringComparison.Ordinal) && l.Contains("What would you like help with?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeveralDetailsInOneMessageFillSeveralSlots()
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), """
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            < Thanks, Jane. I have +1 415-555-0132 as your number. I have jane@x.com as your email.
            < How would you like the team to contact you?
            !< full name
            !< email address?
            > call me
            < the team will call you
            > any time
            > Depression
            > yes
            > yes
            < **Name:** Jane Doe
            < **Phone:** +1 415-555-0132
            < **Email:** jane@x.com
            < **Contact method:** Call
            > Confirm and send
            < reference number
            """);
        var request = Assert.Single(await app.RequestsAsync());
        Assert.Equal(("Jane Doe", "+14155550132", "jane@x.com", "call"), (request.Name, request.Phone, request.Email, request.PreferredContact));
    }

    [Fact]
    public async Task DetailsCanBeCorrectedAtAnyPoint()
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), """
            > can someone call me
            > Dana Smith
            > 415 555 0132
            > dana@example.com
            > Call
            < best time
            > actually my number is 212 555 0187
            < I've changed your number to +1 212-555-0187.
            < best time
            > evenings
            > change my email
            < Sure. And your email address?
            > dana.smith@example.org
            < I've changed your email to dana.smith@example.org.
            < What would you like help with?
            > actually my name is Dana Smithe
            < I've changed your name to Dana Smithe.
            < What would you like help with?
            """ + "\n" + ToSummary + """

            < **Phone:** +1 212-555-0187
            > Edit something
            < Which detail would you like to change?
            [Best time]
            > Best time
            < best time
            > weekends
            < Here's what I have
            < **Best time:** Weekends
            > actually my email is dana@example.net
            < I've changed your email to dana@example.net.
            < Here's what I have
            > change my name to Dana Smith-Jones
            < I've changed your name to Dana Smith-Jones.
            < Here's what I have
            > Confirm and send
            < reference number
            """);
        var request = Assert.Single(await app.RequestsAsync());
        Assert.Equal(("Dana Smith-Jones", "+12125550187", "dana@example.net", "Weekends"),
            (request.Name, request.Phone, request.Email, request.BestTime));
    }

    [Theory]
    [InlineData("555 0132", "That number looks short. Could you include the area code, like 415 555 0132?")]
    [InlineData("415 555 0132 999", "That number looks too long")]
    [InlineData("123 456 7890", "That doesn't look like a working phone number")]
    [InlineData("not sure yet", "I didn't see a phone number there")]
    public async Task InvalidPhoneIsAskedAgainWithTheReasonAndAnExample(string answer, string reason)
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), $"""
            > Book a free assessment
            > Dana Smith
            < phone number
            > {answer}
            < {reason}
            !< email
            > 415 555 0132
            < I have +1 415-555-0132 as your number.
            """);
    }

    [Fact]
    public async Task InvalidEmailIsAskedAgainWithTheReason()
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), """
            > Book a free assessment
            > Dana Smith
            > skip
            < I'll ask for your email instead
            > dana@example
            < missing its ending, such as .com
            > skip
            < needs at least one way to reach you
            > dana@example.com
            < I have dana@example.com as your email.
            < best time
            !< How would you like the team to contact you
            """);
    }

    [Fact]
    public async Task AfterThreeFailedTriesTheClinicPhoneNumberIsOffered()
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), """
            > Book a free assessment
            > Dana Smith
            > 12345
            < looks short
            !< +1 (888) 803-3375
            > 555 01
            < looks short
            !< +1 (888) 803-3375
            > 4155
            < looks short
            < you can call the clinic at +1 (888) 803-3375
            > 415 555 0132
            < I have +1 415-555-0132 as your number.
            """);
    }

    [Fact]
    public async Task QuestionMidFormIsAnsweredWithItsCitationThenTheFormResumes()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > Book a free assessment
            > Dana Smith
            < phone number
            """);
        var replies = await chat.SayAsync("wait, what are the side effects?");
        Assert.Contains(replies, r => r.HasCitation && r.Text.Contains("[1]", StringComparison.Ordinal));
        Assert.Contains("Back to your request: What's the best phone number", replies[^1].Text, StringComparison.Ordinal);
        Assert.Contains("Skip", replies[^1].Buttons);

        await Transcripts.PlayAsync(chat, """
            > 415 555 0132
            < I have +1 415-555-0132 as your number.
            """);
    }

    [Theory]
    [InlineData("why do you need my number?")]
    [InlineData("is this private")]
    [InlineData("who sees this?")]
    public async Task QuestionsAboutTheFormItselfAreAnsweredWithThePrivacyNotice(string question)
    {
        await using var app = new IntakeHarness(new Dictionary<string, string?> { ["Intake:PrivacyNoticeUrl"] = "https://clinic.test/privacy-v7" });
        await Transcripts.PlayAsync(app.Chat(), $"""
            > Book a free assessment
            > Dana Smith
            > {question}
            < only to contact you about your free assessment
            < https://clinic.test/privacy-v7
            < Back to your request: What's the best phone number
            """);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("stop")]
    [InlineData("never mind")]
    [InlineData("Nevermind, forget it")]
    public async Task CancelAbandonsTheFormAndKeepsNothing(string cancel)
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), $"""
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            > Call
            > {cancel}
            < I've cancelled your request and haven't kept any of the details
            > Confirm and send
            !< reference number
            > Book a free assessment
            < What's your full name?
            """);
        Assert.Empty(await app.RequestsAsync());
    }

    [Fact]
    public async Task StartOverMidFormBeginsAgainWithNothingKept()
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), """
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            > start over
            < I haven't kept your earlier answers
            < What's your full name?
            > Dana Smith
            < Thanks, Dana.
            < phone number
            """);
    }

    [Fact]
    public async Task CancelledFormLeavesNothingInTheNextRequestsTranscript()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            > cancel
            > Book a free assessment
            > Dana Smith
            > dana@example.com
            > skip
            > mornings
            > Anxiety
            > yes
            > yes
            > Confirm and send
            < reference number
            """);
        var request = Assert.Single(await app.RequestsAsync());
        Assert.DoesNotContain(request.Transcript, l => l.Contains("Jane", StringComparison.Ordinal) || l.Contains("415", StringComparison.Ordinal));
        Assert.Null(request.Phone);
        Assert.Equal("email", request.PreferredContact);
    }

    [Fact]
    public async Task CrisisMidFormGetsTheCrisisReplyFirstAndACompletedRequestIsUrgent()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > Book a free assessment
            > Dana Smith
            > 415 555 0132
            > skip
            > Text
            < best time
            """);
        var crisis = await chat.SayAsync("honestly I want to kill myself");
        var only = Assert.Single(crisis);
        Assert.Contains("988", only.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("best time", only.Text, StringComparison.OrdinalIgnoreCase);

        await Transcripts.PlayAsync(chat, """
            > I just feel so tired of everything
            < I'm still here, and there's no rush
            < best time
            !< Noted
            > evenings
            < Noted: Evenings.
            > Depression
            > Yes
            > Yes
            > Confirm and send
            < reference number
            < call or text 988
            """);
        var request = Assert.Single(await app.RequestsAsync());
        Assert.True(request.Urgent);
        Assert.Contains(request.Transcript, l => l.Contains("kill myself", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrisisBeforeTheFormAlsoMakesTheRequestUrgent()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        var crisis = Assert.Single(await chat.SayAsync("i don't want to be alive anymore"));
        Assert.Contains("988", crisis.Text, StringComparison.Ordinal);
        await Transcripts.PlayAsync(chat, """
            > can someone call me
            < What's your full name?
            > Dana Smith
            > 415 555 0132
            > skip
            > Call
            > Any time
            > Prefer not to say
            > Yes
            > Yes
            > Confirm and send
            < reference number
            """);
        Assert.True(Assert.Single(await app.RequestsAsync()).Urgent);
    }

    [Fact]
    public async Task ConfirmingTwiceCreatesOneRequest()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            > Text
            > mornings
            > Anxiety
            > yes
            > yes
            < Here's what I have
            """);
        // A double click: two posts of the button at once, then a retried one.
        var both = await Task.WhenAll(chat.SayAsync("Confirm and send"), chat.SayAsync("Confirm and send"));
        var retried = await chat.SayAsync("Confirm and send");
        var references = both.Append(retried).Select(r => ReferenceIn(string.Join("\n", r.Select(x => x.Text)))).ToArray();

        var request = Assert.Single(await app.RequestsAsync());
        Assert.All(references, r => Assert.Equal(request.Reference, r));
        Assert.Contains(both.Append(retried), r => r.Any(x => x.Text.Contains("already been sent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StaleFormAsksWhetherToContinueOrStartOver()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > Book a free assessment
            > Dana Smith
            > 415 555 0132
            < email
            """);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await Transcripts.PlayAsync(chat, """
            > dana@example.com
            < a while ago
            !< I have dana@example.com
            [Continue]
            [Start over]
            > Continue
            < email
            > dana@example.com
            < I have dana@example.com as your email.
            """);

        app.Clock.Advance(TimeSpan.FromMinutes(45));
        await Transcripts.PlayAsync(chat, """
            > Text
            < a while ago
            > Start over
            < I haven't kept your earlier answers
            < What's your full name?
            """);
    }

    [Fact]
    public async Task VisitorWhoReloadsWithinTheTimeToLiveResumesWhereTheyWere()
    {
        await using var app = new IntakeHarness();
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > Book a free assessment
            > Dana Smith
            > 415 555 0132
            < email
            """);
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        // The page reloads: a new client, the same conversation, Web Chat's join event first.
        var reloaded = app.Chat(chat.ConversationId);
        var joined = await reloaded.JoinAsync();
        Assert.Contains("Welcome back. Let's pick up your request", joined[^1].Text, StringComparison.Ordinal);
        Assert.Contains("email address", joined[^1].Text, StringComparison.Ordinal);
        await Transcripts.PlayAsync(reloaded, """
            > dana@example.com
            < I have dana@example.com as your email.
            < How would you like the team to contact you?
            """);
    }

    [Theory]
    [InlineData("No", "only for adults")]
    [InlineData("I'm 16", "only for adults")]
    public async Task UnderEighteenEndsTheRequestAndKeepsNothing(string answer, string expected)
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), $"""
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            > Text
            > mornings
            > Anxiety
            < 18 or older
            > {answer}
            < {expected}
            < 988
            """);
        Assert.Empty(await app.RequestsAsync());
    }

    [Fact]
    public async Task NoConsentSendsNothing()
    {
        await using var app = new IntakeHarness();
        await Transcripts.PlayAsync(app.Chat(), """
            > Book a free assessment
            > I'm Jane Doe, 415 555 0132, jane@x.com
            > Text
            > mornings
            > Prefer not to say
            < That's fine.
            > yes
            > no
            < Without your permission the team can't contact you
            > Confirm and send
            !< reference number
            """);
        Assert.Empty(await app.RequestsAsync());
    }

    private static string ReferenceIn(string text)
    {
        var match = Reference().Match(text);
        Assert.True(match.Success, $"No reference number in: {text}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"reference number is \*\*(.+?)\*\*")]
    private static partial Regex Reference();
}
