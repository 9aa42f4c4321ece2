using Bot.Conversation;
using Bot.Conversation.Intake;
using Bot.Handoff;

namespace Bot.Tests.Intake;

/// <summary>The intake's step as a pure function: no app, no store, the form and a message in, a decision out.</summary>
public class IntakeMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private readonly IntakeMachine _machine = new(new IntakeReplies(new Replies("+1 (888) 803-3375")), new Replies("+1 (888) 803-3375"));

    private static IntakeInput Say(string text, DateTimeOffset? at = null, bool justAfterCrisis = false) =>
        new(text, TextNormalizer.ForMatching(text), at ?? Now, justAfterCrisis, Guid.NewGuid(), new IntakeOptions());

    private static IntakeForm Filled() => new()
    {
        Id = Guid.NewGuid(), StartedAt = Now, LastActiveAt = Now, Stage = IntakeStage.Summary, Name = "Dana Smith",
        Phone = "+14155550132", EmailSkipped = true, PreferredContact = ContactMethod.Text, BestTime = "Evenings",
        Reason = HelpReason.Anxiety, Adult = true, ConsentAt = Now, ConsentVersion = "1",
    };

    [Fact]
    public void EachStepReturnsTheNextFormAndWhatToSay()
    {
        var started = _machine.Start(Say("Book a free assessment"));
        Assert.Contains("What's your full name?", Assert.Single(started.Replies).Text, StringComparison.Ordinal);

        var named = _machine.Step(started.Form!, Say("Dana Smith"));
        Assert.Equal("Dana Smith", named.Form!.Name);
        Assert.StartsWith("Thanks, Dana.", Assert.Single(named.Replies).Text, StringComparison.Ordinal);
        Assert.Equal(IntakeEffect.None, named.Effect);
        Assert.Null(started.Form!.Name);
    }

    [Fact]
    public void AQuestionMidFormIsAnEffectAnsweredBeforeTheFormAsksAgain()
    {
        var form = _machine.Start(Say("Book a free assessment")).Form!;
        var step = _machine.Step(form, Say("wait, what are the side effects?"));
        Assert.Equal(new IntakeEffect.AnswerQuestion("what are the side effects?"), step.Effect);
        Assert.StartsWith("Back to your request: What's your full name?", Assert.Single(step.Replies).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfirmingAsksTheDialogToSendAndTheSendDecidesTheReply()
    {
        var form = Filled();
        var confirm = _machine.Step(form, Say("Confirm and send"));
        Assert.IsType<IntakeEffect.Send>(confirm.Effect);
        Assert.Empty(confirm.Replies);

        var failed = _machine.AfterSend(confirm.Form!, null, urgent: false, Say("Confirm and send"));
        Assert.Equal(confirm.Form, failed.Form);
        Assert.Contains("couldn't send your request", Assert.Single(failed.Replies).Text, StringComparison.Ordinal);

        var sent = _machine.AfterSend(confirm.Form!, new HandoffReceipt(Guid.NewGuid(), "KC-1234", HandoffOutcome.Created), urgent: false, Say("Confirm and send"));
        Assert.Null(sent.Form);
        Assert.Equal("KC-1234", sent.Sent!.Reference);
        Assert.Equal(DateTimeOffset.MinValue, sent.ForgetSince);
        Assert.Contains("**KC-1234**", Assert.Single(sent.Replies).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CancelDropsTheFormAndWhatWasSaidSinceItBegan()
    {
        var form = Filled() with { StartedAt = Now.AddMinutes(-5) };
        var step = _machine.Step(form, Say("cancel"));
        Assert.Null(step.Form);
        Assert.Equal(form.StartedAt, step.ForgetSince);
    }

    [Fact]
    public void AFormIdleTooLongAsksBeforeTakingAnything()
    {
        var form = _machine.Start(Say("Book a free assessment")).Form!;
        var step = _machine.Step(form, Say("Dana Smith", at: Now.AddMinutes(31)));
        Assert.Equal(IntakeStage.StaleCheck, step.Form!.Stage);
        Assert.Null(step.Form.Name);
        Assert.Equal(IntakeReplies.StaleButtons, step.Replies[0].Buttons);
    }
}
