namespace Bot.Conversation.Intake;

/// <summary>What the slots need besides the visitor's text: settings and the current time (for consent).</summary>
public sealed record IntakeContext(string Region, string PrivacyNoticeUrl, string PrivacyNoticeVersion, DateTimeOffset Now);

public sealed record SlotPrompt(string Text, IReadOnlyList<string> Buttons);

public abstract record SlotAnswer
{
    /// <summary>The answer fits: the form with it applied.</summary>
    public sealed record Accepted(IntakeForm Form) : SlotAnswer;

    /// <summary>It does not fit: why, with an example (said to the visitor).</summary>
    public sealed record Rejected(string Reason) : SlotAnswer;

    /// <summary>A valid answer that ends the request (under 18, no consent to be contacted).</summary>
    public sealed record Ends(string Message) : SlotAnswer;
}

/// <summary>
/// One detail of the request, declared in one place: when it counts as answered, how it is asked
/// (with why, when that is not obvious), how an answer is read (a pure validator), how it is echoed
/// back, and how the summary shows it.
/// </summary>
public sealed record IntakeSlot(
    SlotId Id,
    string Label,
    Func<IntakeForm, bool> IsAnswered,
    Func<IntakeForm, IntakeContext, SlotPrompt> Ask,
    Func<string, IntakeForm, IntakeContext, SlotAnswer> Read,
    Func<IntakeForm, bool, string> Echo,
    Func<IntakeForm, string?> Show);

public static class IntakeSlots
{
    public const string Skip = "Skip";
    public const string Yes = "Yes";
    public const string No = "No";
    public const string ConsentYes = "Yes, you can contact me";

    public static readonly IReadOnlyList<string> ReasonButtons = ["Depression", "Anxiety", "PTSD", "Chronic pain", "Other", "Prefer not to say"];

    public static readonly IntakeSlot Name = new(
        SlotId.Name, "Name",
        IsAnswered: f => f.Name is not null,
        Ask: (_, _) => new("What's your full name?", []),
        Read: (text, f, _) => From(IntakeValidators.Name(text), name => f with { Name = name }),
        Echo: (f, updated) => updated ? $"I've changed your name to {f.Name}." : $"Thanks, {f.FirstName}.",
        Show: f => f.Name);

    public static readonly IntakeSlot Phone = new(
        SlotId.Phone, "Phone",
        IsAnswered: f => f.Phone is not null || f.PhoneSkipped,
        Ask: (f, _) => new(f.Email is null
            ? "What's the best phone number to reach you? If you'd rather be contacted by email, say skip."
            : "What's the best phone number to reach you? It's optional since I have your email, so you can say skip.",
            [Skip]),
        Read: (text, f, ctx) =>
        {
            if (IntakeValidators.IsSkip(text))
            {
                return f.Phone is not null && f.Email is null
                    ? new SlotAnswer.Rejected("The team needs at least one way to reach you, and your phone number is the only one I have. You can give an email address first if you'd rather.")
                    : new SlotAnswer.Accepted(f with { Phone = null, PhoneSkipped = true, PreferredContact = f.Email is null ? null : ContactMethod.Email });
            }
            return From(IntakeValidators.Phone(text, ctx.Region), phone => f with { Phone = phone.E164, PhoneSkipped = false });
        },
        Echo: (f, updated) => f.Phone is null
            ? f.Email is null ? "No problem, I'll ask for your email instead." : "No problem, the team will use your email."
            : updated ? $"I've changed your number to {IntakeValidators.DisplayPhone(f.Phone)}." : $"I have {IntakeValidators.DisplayPhone(f.Phone)} as your number.",
        Show: f => f.Phone is null ? "(not given)" : IntakeValidators.DisplayPhone(f.Phone));

    public static readonly IntakeSlot Email = new(
        SlotId.Email, "Email",
        IsAnswered: f => f.Email is not null || (f.EmailSkipped && f.Phone is not null),
        Ask: (f, _) => f.Phone is not null
            ? new("And your email address? It's optional since I have your number, so you can say skip.", [Skip])
            : new("What's your email address? The team will use it to contact you.", []),
        Read: (text, f, _) =>
        {
            if (IntakeValidators.IsSkip(text))
            {
                return f.Phone is null
                    ? new SlotAnswer.Rejected("The team needs at least one way to reach you. Could you type your email, like jane@example.com, or a phone number?")
                    : new SlotAnswer.Accepted(f with
                    {
                        Email = null,
                        EmailSkipped = true,
                        PreferredContact = f.PreferredContact == ContactMethod.Email ? null : f.PreferredContact,
                    });
            }
            return From(IntakeValidators.Email(text), email => f with { Email = email, EmailSkipped = false });
        },
        Echo: (f, updated) => f.Email is null ? "No problem."
            : updated ? $"I've changed your email to {f.Email}." : $"I have {f.Email} as your email.",
        Show: f => f.Email ?? "(not given)");

    public static readonly IntakeSlot PreferredContact = new(
        SlotId.PreferredContact, "Contact method",
        // With only an email there is nothing to choose.
        IsAnswered: f => f.PreferredContact switch
        {
            null => f.Phone is null && f.Email is not null,
            ContactMethod.Email => f.Email is not null,
            _ => f.Phone is not null,
        },
        Ask: (f, _) => new("How would you like the team to contact you?",
            f.Email is null ? ["Call", "Text"] : ["Call", "Text", "Email"]),
        Read: (text, f, _) => From(
            IntakeValidators.ContactMethodOf(text, f.Phone is not null, f.Email is not null), method => f with { PreferredContact = method }),
        Echo: (f, _) => f.EffectiveContact switch
        {
            ContactMethod.Call => "Got it, the team will call you.",
            ContactMethod.Text => "Got it, the team will text you.",
            _ => "Got it, the team will email you.",
        },
        Show: f => f.EffectiveContact?.ToString());

    public static readonly IntakeSlot BestTime = new(
        SlotId.BestTime, "Best time",
        IsAnswered: f => f.BestTime is not null,
        Ask: (_, _) => new("When is usually the best time to reach you? The team will try to fit in with it.",
            ["Weekday mornings", "Weekday afternoons", "Evenings", "Any time"]),
        Read: (text, f, _) => From(IntakeValidators.BestTime(text), time => f with { BestTime = time }),
        Echo: (f, _) => $"Noted: {f.BestTime}.",
        Show: f => f.BestTime);

    public static readonly IntakeSlot Reason = new(
        SlotId.Reason, "Reason",
        IsAnswered: f => f.Reason is not null,
        Ask: (_, _) => new("What would you like help with? It helps the right person get back to you, and you don't have to say.", ReasonButtons),
        Read: (text, f, _) => From(IntakeValidators.Reason(text), reason => f with { Reason = reason }),
        Echo: (f, _) => f.Reason == HelpReason.PreferNotToSay ? "That's fine." : "Thank you for sharing that.",
        Show: f => f.Reason is { } r ? ReasonLabel(r) : null);

    public static readonly IntakeSlot Adult = new(
        SlotId.Adult, "18 or older",
        IsAnswered: f => f.Adult is not null,
        Ask: (_, _) => new("Are you 18 or older? The clinic's treatment is for adults.", [Yes, No]),
        Read: (text, f, _) => IntakeValidators.Adult(text) switch
        {
            { IsValid: false, Error: var error } => new SlotAnswer.Rejected(error!),
            { Value: true } => new SlotAnswer.Accepted(f with { Adult = true }),
            _ => new SlotAnswer.Ends(
                "Thank you for telling me. The clinic's treatment is only for adults, so I can't send a request for you, " +
                "and I haven't kept any of the details you gave me. If things feel hard, talking to a parent, a school " +
                "counselor or your doctor can help, and you can call or text 988 any time, day or night."),
        },
        Echo: (_, _) => "",
        Show: f => f.Adult == true ? Yes : null);

    public static readonly IntakeSlot Consent = new(
        SlotId.Consent, "OK to contact you",
        IsAnswered: f => f.ConsentAt is not null,
        Ask: (_, ctx) => new(
            $"Last question. Your details are used only to arrange your assessment and are kept private (privacy notice: {ctx.PrivacyNoticeUrl}). " +
            "May the clinic's team contact you about this request?",
            [ConsentYes, No]),
        Read: (text, f, ctx) => IntakeValidators.Consent(text) switch
        {
            { IsValid: false, Error: var error } => new SlotAnswer.Rejected(error!),
            { Value: true } => new SlotAnswer.Accepted(f with { ConsentAt = ctx.Now, ConsentVersion = ctx.PrivacyNoticeVersion }),
            _ => new SlotAnswer.Ends(
                "That's okay. Without your permission the team can't contact you, so I haven't sent anything, " +
                "and I haven't kept the details you gave me."),
        },
        Echo: (_, _) => "",
        Show: f => f.ConsentAt is null ? null : Yes);

    /// <summary>In the order they are asked.</summary>
    public static readonly IReadOnlyList<IntakeSlot> All = [Name, Phone, Email, PreferredContact, BestTime, Reason, Adult, Consent];

    /// <summary>What the visitor can change from the summary (age and consent are changed by starting over).</summary>
    public static readonly IReadOnlyList<IntakeSlot> Editable = [Name, Phone, Email, PreferredContact, BestTime, Reason];

    public static IntakeSlot Get(SlotId id) => All.First(s => s.Id == id);

    /// <summary>The detail to ask next: the one being edited, else the first missing one; null when all are in.</summary>
    public static IntakeSlot? Next(IntakeForm form) =>
        form.Editing is { } editing ? Get(editing) : All.FirstOrDefault(s => !s.IsAnswered(form));

    private static SlotAnswer From<T>(Validated<T> answer, Func<T, IntakeForm> apply) =>
        answer.IsValid ? new SlotAnswer.Accepted(apply(answer.Value!)) : new SlotAnswer.Rejected(answer.Error!);

    public static string ReasonLabel(HelpReason reason) => reason switch
    {
        HelpReason.Ptsd => "PTSD",
        HelpReason.ChronicPain => "Chronic pain",
        HelpReason.PreferNotToSay => "Prefer not to say",
        _ => reason.ToString(),
    };
}
