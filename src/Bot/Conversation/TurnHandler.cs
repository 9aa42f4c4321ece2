using Bot.Conversation.Faq;
using Bot.Conversation.Intake;
using Bot.Conversation.Safety;
using Bot.Knowledge;
using Bot.Protocol;
using Bot.Telemetry;
using Microsoft.Extensions.Options;

namespace Bot.Conversation;

/// <summary>
/// The per-turn pipeline shared by every channel (/api/messages, Direct Line, the terminal chat):
/// one incoming activity in, the bot's replies out. It routes; the dialogs decide what to say.
/// Order matters: crisis first on every message, then the conversation's moves, then knowledge.
/// </summary>
public sealed class TurnHandler(
    IConversationStateStore states,
    ConversationLocks locks,
    FaqDialog faq,
    IntakeDialog intake,
    CrisisDetector crisis,
    RequestClassifier requests,
    SupportiveMode supportiveMode,
    KnowledgeReadiness knowledge,
    Replies replies,
    TimeProvider time,
    IOptions<ConversationOptions> options,
    TurnTelemetry telemetry,
    ILogger<TurnHandler> logger,
    Insights.AnswerFeedback? feedback = null,
    Insights.InsightsRecorder? insights = null,
    Knowledge.Semantic.QuestionVectorCache? vectors = null)
{
    public Task<IReadOnlyList<Activity>> HandleAsync(Activity incoming, CancellationToken cancellationToken) =>
        HandleAsync(incoming, clientAddress: null, cancellationToken);

    /// <param name="clientAddress">Where the visitor's request came from; it counts toward Handoff:MaxPerAddressPerHour.</param>
    public async Task<IReadOnlyList<Activity>> HandleAsync(Activity incoming, string? clientAddress, CancellationToken cancellationToken)
    {
        // The one place a turn ends: its span, duration and outcome count are recorded here and nowhere else.
        var timing = telemetry.Start(incoming.ChannelId);
        vectors?.BeginTurn();
        TurnOutcome? outcome = null;
        try
        {
            var (replies, turnOutcome) = await HandleTurnAsync(incoming, clientAddress, cancellationToken);
            outcome = turnOutcome;
            return replies;
        }
        finally
        {
            telemetry.End(timing, outcome);
        }
    }

    private async Task<(IReadOnlyList<Activity> Replies, TurnOutcome? Outcome)> HandleTurnAsync(Activity incoming, string? clientAddress, CancellationToken cancellationToken)
    {
        var conversationId = incoming.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId))
        {
            return ([], null);
        }
        // This instance's turns of the conversation queue here, in memory; a shared store then holds off other instances'.
        using var _ = await locks.AcquireAsync(conversationId, cancellationToken);
        await using var stored = await states.BeginTurnAsync(conversationId, cancellationToken);
        var turn = new Turn(incoming, stored.State ?? new ConversationState(), TextOf(incoming), clientAddress);
        var firstMessage = incoming.Type == ActivityTypes.Message && !turn.State.MessageSeen;

        switch (incoming.Type)
        {
            case ActivityTypes.Message:
                await HandleMessageAsync(turn, cancellationToken);
                if (feedback?.Offer(turn) is { } offered)
                {
                    turn.Replies[offered.At] = offered.Reply;
                    turn.State = offered.State;
                }
                turn.State = turn.State with { Transcript = Transcript.Record(turn.State.Transcript, turn, time.GetUtcNow()), MessageSeen = true };
                break;
            case ActivityTypes.ConversationUpdate when incoming.MembersAdded?.Any(m => m.Id != incoming.Recipient?.Id) == true:
            case ActivityTypes.Event when incoming.Name == "webchat/join":
                Welcome(turn);
                break;
            case ActivityTypes.Event when incoming.Name == Insights.AnswerFeedback.WebChatEvent && feedback is not null:
                if (feedback.Receive(turn) is { } vote)
                {
                    turn.Apply(vote);
                }
                break;
            default:
                // typing, endOfConversation, unknown types: accepted, nothing to say (A2006).
                return ([], null);
        }

        await stored.SaveAsync(turn.State, cancellationToken);
        insights?.Record(turn, firstMessage);
        return (turn.Replies, turn.Outcome);
    }

    private string TextOf(Activity incoming)
    {
        // A postBack may carry its text in value.
        var text = incoming.Text;
        if (string.IsNullOrWhiteSpace(text) && incoming.Value is { ValueKind: System.Text.Json.JsonValueKind.String } v)
        {
            text = v.GetString();
        }
        return TextNormalizer.Clean(text, options.Value.MaxTextLength);
    }

    private void Welcome(Turn turn)
    {
        // A reload mid-request: carry on with the request rather than a welcome.
        if (turn.State.Intake is not null)
        {
            turn.Apply(intake.Resume(turn));
            return;
        }
        // The channel's conversationUpdate and Web Chat's webchat/join may both arrive: welcome once.
        if (turn.State.WelcomeSent)
        {
            return;
        }
        turn.Say(replies.Welcome, Replies.StarterQuestions.Append(Replies.BookAssessment));
        turn.State = turn.State with { WelcomeSent = true };
    }

    private async Task HandleMessageAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text.Length == 0)
        {
            turn.Say(replies.Empty, Replies.StarterQuestions);
            turn.Record(TurnKind.SmallTalk);
            return;
        }
        var supportive = supportiveMode.IsActive(turn.State);
        var risk = crisis.Assess(turn.Text, supportive);
        if (risk is Risk.Crisis or Risk.CrisisForSomeoneElse)
        {
            logger.LogWarning("Crisis resources shown in conversation {ConversationId}", turn.Incoming.Conversation?.Id);
            turn.Say(risk == Risk.Crisis ? replies.Crisis : replies.CrisisForSomeoneElse);
            turn.Record(TurnKind.Crisis);
            turn.State = supportiveMode.Begin(turn.State) with { CrisisShown = true, Misses = 0, Suggestions = [] };
            return;
        }
        // Only in the first second or so after start-up; crisis resources above never wait.
        await knowledge.WaitAsync(cancellationToken);
        if (!supportive)
        {
            await RespondAsync(turn, risk, cancellationToken);
            return;
        }
        turn.State = supportiveMode.Spend(turn.State);
        var outcome = await RespondAsync(turn, risk, cancellationToken);
        if (outcome == Responded.Intake)
        {
            turn.Record(TurnKind.Intake);
            // The form keeps its own crisis behaviour (urgent flag, pause); its replies keep the 988 line.
            supportiveMode.Remind(turn, keepBooking: true);
            return;
        }
        var answered = outcome is Responded.Answered || (outcome is Responded.Knowledge && !Unsure(turn));
        if ((risk == Risk.Distress && !(answered && LooksLikeQuestion(turn))) || (outcome is Responded.Knowledge && !answered))
        {
            turn.Replies.Clear();
            turn.Apply(supportiveMode.Support(turn.State));
            turn.Record(TurnKind.Crisis);
            return;
        }
        supportiveMode.Remind(turn, keepBooking: false);
    }

    private enum Responded { Answered, Knowledge, Intake }

    /// <summary>Everything but crisis: the form, the conversation's moves, advice, then knowledge.</summary>
    private async Task<Responded> RespondAsync(Turn turn, Risk risk, CancellationToken cancellationToken)
    {
        if (turn.State.Intake is not null)
        {
            turn.Apply(await intake.ContinueAsync(turn, cancellationToken));
            turn.Record(TurnKind.Intake);
            return Responded.Intake;
        }
        if (feedback?.NotHelpful(turn) is { } notHelpful)
        {
            turn.Apply(notHelpful);
            return Responded.Answered;
        }
        if (intake.RepeatReceipt(turn) is { } repeated)
        {
            turn.Apply(repeated);
            turn.Record(TurnKind.Intake);
            return Responded.Answered;
        }
        if (risk == Risk.QuestionAboutSuicide)
        {
            turn.Say(replies.KetamineAndSuicidalThoughts, [Replies.BookAssessment]);
            turn.Record(TurnKind.Answered);
            turn.State = turn.State with { Misses = 0, Suggestions = [] };
            return Responded.Answered;
        }
        if (AssessmentJustOffered(turn.State) && SmallTalk.IsYes(turn.MatchText))
        {
            turn.Apply(intake.Start(turn));
            turn.Record(TurnKind.Intake);
            return Responded.Intake;
        }
        var (intent, rest) = SmallTalk.Classify(turn.MatchText);
        if (intent is not (Intent.None or Intent.Assessment or Intent.SomethingElse))
        {
            turn.Record(TurnKind.SmallTalk);
        }
        switch (intent)
        {
            case Intent.Greeting:
                turn.Say(replies.Greeting, Replies.StarterQuestions);
                return Responded.Answered;
            case Intent.Thanks:
                turn.Say(replies.Thanks, [Replies.BookAssessment]);
                return Responded.Answered;
            case Intent.Goodbye:
                turn.Say(replies.Goodbye);
                return Responded.Answered;
            case Intent.Capabilities:
                turn.Say(replies.Capabilities, Replies.StarterQuestions.Append(Replies.BookAssessment));
                return Responded.Answered;
            case Intent.AreYouABot:
                turn.Say(replies.AreYouABot, [Replies.BookAssessment]);
                return Responded.Answered;
            case Intent.Human:
                turn.Say(replies.Human, [Replies.BookAssessment]);
                return Responded.Answered;
            case Intent.Assessment:
                turn.Apply(intake.Start(turn));
                turn.Record(TurnKind.Intake);
                return Responded.Intake;
            case Intent.SomethingElse when turn.State.Suggestions.Count > 0:
                turn.Apply(faq.SomethingElse(turn.State));
                return Responded.Knowledge;
        }

        // Keep the visitor's own wording for retrieval (after a stripped greeting, the rest of it).
        var question = rest.Length > 0 && rest != turn.MatchText ? rest : turn.Text;
        switch (requests.Classify(turn.MatchText, question))
        {
            case Request.Dose when faq.Decline(turn.State, "decline-dose") is { } declined:
                turn.Apply(declined);
                return Responded.Answered;
            case Request.Dose or Request.Advice:
                Defer(turn);
                return Responded.Answered;
            case Request.Booking:
                turn.Apply(intake.Start(turn));
                turn.Record(TurnKind.Intake);
                return Responded.Intake;
        }
        turn.Apply(faq.Respond(turn.State, question));
        return Responded.Knowledge;
    }

    /// <summary>The turn ended in "did you mean", a fallback or a request to rephrase: the bot was not sure.</summary>
    private bool Unsure(Turn turn) =>
        turn.State.Suggestions.Count > 0 || turn.State.Misses > 0 || turn.Replies is [{ Text: var t }] && (t == replies.Vague || t == replies.Rephrase);

    private static bool LooksLikeQuestion(Turn turn) =>
        turn.Text.Contains('?') || turn.MatchText.Split(' ')[0] is "what" or "whats" or "how" or "when" or "why" or "where" or "who" or "which"
            or "is" or "are" or "can" or "could" or "do" or "does" or "did" or "will" or "would" or "should";

    /// <summary>The bot's last words offered the free assessment, so a plain "yes, let's do it" accepts it.</summary>
    private static bool AssessmentJustOffered(ConversationState state) =>
        state.Transcript.LastOrDefault() is { From: TranscriptEntry.Bot } last && last.Text.Contains("free assessment", StringComparison.OrdinalIgnoreCase);

    /// <summary>Personal medical questions: a clinician decides; share only the general fact, if there is one.</summary>
    private void Defer(Turn turn)
    {
        turn.Record(TurnKind.Advice);
        var fact = faq.GeneralFact(turn.Text);
        if (fact is null)
        {
            turn.Say(replies.AdviceDeferral, [Replies.BookAssessment]);
        }
        else
        {
            turn.Say(
                Citations.AnswerText(fact, replies.AdviceDeferral + "\n\n" + replies.AdviceGeneralFact("")),
                [Replies.BookAssessment], fact.CitationEntity);
        }
        turn.State = turn.State with { Misses = 0, Suggestions = [] };
    }
}
