namespace Bot.Conversation.Intake;

/// <summary>One visitor message as the form sees it, with everything else a step depends on (so a step is a pure function).</summary>
/// <param name="JustAfterCrisis">The bot's last words were the crisis resources.</param>
/// <param name="FreshId">The id a form begun in this step gets (a start, or starting over).</param>
public sealed record IntakeInput(string Text, string MatchText, DateTimeOffset Now, bool JustAfterCrisis, Guid FreshId, IntakeOptions Settings)
{
    public IntakeContext Context => Settings.ContextAt(Now);
}

/// <summary>What the dialog does for a step beyond saving the form and saying its replies.</summary>
public abstract record IntakeEffect
{
    public static readonly IntakeEffect None = new Nothing();

    public sealed record Nothing : IntakeEffect;

    /// <summary>Send the step's form to the clinic's team through HandoffService; <see cref="IntakeMachine.AfterSend"/> says how it went.</summary>
    public sealed record Send : IntakeEffect;

    /// <summary>Answer this knowledge question (FaqDialog) before the step's own replies.</summary>
    public sealed record AnswerQuestion(string Question) : IntakeEffect;
}

/// <param name="Form">The form to keep; null once it is sent or has ended.</param>
/// <param name="Replies">What to say (after whatever the effect says).</param>
public sealed record IntakeStep(IntakeForm? Form, IReadOnlyList<Reply> Replies)
{
    public IntakeEffect Effect { get; init; } = IntakeEffect.None;

    /// <summary>What the conversation said from this time on is forgotten: a form that ends unsent, or begins again, leaves nothing behind.</summary>
    public DateTimeOffset? ForgetSince { get; init; }

    /// <summary>The request just sent, kept so a repeated "confirm" shows its reference.</summary>
    public IntakeReceipt? Sent { get; init; }
}
