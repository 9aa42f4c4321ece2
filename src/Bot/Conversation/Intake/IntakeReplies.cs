namespace Bot.Conversation.Intake;

/// <summary>What the intake says besides its slot prompts (those live with their slots in <see cref="IntakeSlots"/>).</summary>
public sealed class IntakeReplies(Replies core)
{
    public const string ConfirmButton = "Confirm and send";
    public const string EditButton = "Edit something";
    public const string CancelButton = "Cancel";
    public const string ContinueButton = "Continue";
    public const string StartOverButton = "Start over";

    public static readonly IReadOnlyList<string> SummaryButtons = [ConfirmButton, EditButton, CancelButton];
    public static readonly IReadOnlyList<string> StaleButtons = [ContinueButton, StartOverButton, CancelButton];
    public static readonly IReadOnlyList<string> EditButtons = IntakeSlots.Editable.Select(s => s.Label).ToArray();

    public string Start =>
        "I can help you request the clinic's free assessment. I'll ask a few short questions, which takes about two " +
        "minutes, and you can say cancel at any time.";

    public string AlreadyStarted => "We're already working on your request.";

    public string BackToRequest => "Back to your request:";

    public string WelcomeBack => "Welcome back. Let's pick up your request where you left off.";

    public string Cancelled =>
        $"Okay, I've cancelled your request and haven't kept any of the details you gave me. If you'd like to talk to someone, you can call the clinic at {core.Phone}.";

    public string Stale =>
        "Welcome back. You started a request for a free assessment a while ago, so I wanted to check: would you like " +
        "to continue where you left off, or start over?";

    public string StaleUnclear => "Would you like to continue your request where you left off, start over, or cancel it?";

    public string TooManyTries =>
        $"If it's easier, you can call the clinic at {core.Phone} and the team will take your details by phone. Or you can try again here, or say cancel.";

    public string SummaryHint => "You can send your request as it is, change a detail, or cancel it.";

    public string WhichEdit => "Which detail would you like to change?";

    public string Sure => "Sure.";

    public string StartingOver => "Okay, let's start again. I haven't kept your earlier answers.";

    public string Summary(IntakeForm form) =>
        "Here's what I have:\n\n" +
        string.Join("\n", IntakeSlots.All.Select(s => (s.Label, Value: s.Show(form))).Where(l => l.Value is not null).Select(l => $"- **{l.Label}:** {l.Value}")) +
        "\n\nShall I send this to the clinic's team?";

    public string Sent(string firstName, string reference, ContactMethod method, string? bestTime, string responseTime, bool urgent)
    {
        var how = method switch { ContactMethod.Call => "call you", ContactMethod.Text => "text you", _ => "email you" };
        var when = bestTime is null ? "" : $", at a time that suits you ({bestTime.ToLowerInvariant()}) where they can";
        var text =
            $"Thank you, {firstName}. Your request has been sent to the clinic's team. Your reference number is **{reference}**.\n\n" +
            $"What happens next: someone from the team will {how} {responseTime}{when}. They'll talk through your questions " +
            $"and whether treatment could be right for you. If you need to talk to someone sooner, call {core.Phone}.";
        return urgent ? text + "\n\nIf you're struggling right now, please call or text 988 any time, day or night." : text;
    }

    public string Updated(string firstName, string reference, bool urgent)
    {
        var text =
            $"Thank you, {firstName}. You already sent the clinic's team a request with these contact details today, so I've " +
            $"updated that request instead of making a new one. Your reference number is still **{reference}**. " +
            $"If you need to talk to someone sooner, call {core.Phone}.";
        return urgent ? text + "\n\nIf you're struggling right now, please call or text 988 any time, day or night." : text;
    }

    public string Limited(bool urgent)
    {
        var text =
            "I'm sorry, I can't send another request from here right now: only a few can be sent from one chat or device each hour. " +
            $"Please call the clinic at {core.Phone} and the team will help you by phone. I haven't kept the details you gave me.";
        return urgent ? text + "\n\nIf you're struggling right now, please call or text 988 any time, day or night." : text;
    }

    public string AlreadySent(string reference) =>
        $"Your request has already been sent, and your reference number is **{reference}**. There's no need to send it again.";

    public string SendFailed =>
        $"I'm sorry, I couldn't send your request just now. Your details are still here, so please try \"{ConfirmButton}\" again in a moment, or call the clinic at {core.Phone}.";

    public string WhyWeAsk(string privacyNoticeUrl) =>
        "The clinic's team uses these details only to contact you about your free assessment, and they're kept " +
        $"private; the privacy notice explains how: {privacyNoticeUrl}. You can skip the optional questions, or say cancel at any time.";

    public string AfterCrisis =>
        "I'm still here, and there's no rush. Whenever you're ready, we can carry on with your request, or you can say cancel.";

    public string YoureWelcome => "You're welcome.";

    public string Hello => "Hello again.";

    public string Bot => "I'm an automated assistant, not a person. Once your request is sent, someone from the clinic's team will contact you.";

    public string StillHere =>
        "No problem. I'll hold on to your answers for a little while in case you come back; say cancel if you'd rather I didn't.";
}
