using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>A form left idle too long is not silently resumed: the visitor chooses to continue, start over or cancel.</summary>
public sealed class IntakeStaleCheck(
    IntakeAsker asker,
    IntakeReset reset,
    IntakeInterruptions interruptions,
    IntakeReplies words,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time)
{
    public bool IsStale(IntakeForm form, DateTimeOffset now) =>
        form.Stage != IntakeStage.StaleCheck && now - form.LastActiveAt > options.CurrentValue.StaleAfter;

    public void Ask(Turn turn, IntakeForm form)
    {
        IntakeAsker.Save(turn, form with
        {
            ResumeStage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage,
            Stage = IntakeStage.StaleCheck,
            LastActiveAt = time.GetUtcNow(),
        });
        turn.Say(words.Stale, IntakeReplies.StaleButtons);
    }

    public void Answer(Turn turn, IntakeForm form, IntakeContext ctx)
    {
        if (IntakeExtractor.IsStartOver(turn.MatchText))
        {
            reset.StartOver(turn, form);
            return;
        }
        if (IntakeExtractor.IsContinue(turn.MatchText))
        {
            // "Which detail?" means little after a long break: show the summary it came from instead.
            asker.AskNext(turn, form with { Stage = form.ResumeStage == IntakeStage.ChoosingEdit ? IntakeStage.Summary : form.ResumeStage }, null);
            return;
        }
        if (!interruptions.TryAnswer(turn, form, null, ctx))
        {
            IntakeAsker.Save(turn, form);
            turn.Say(words.StaleUnclear, IntakeReplies.StaleButtons);
        }
    }
}
