namespace Bot.Conversation.Intake;

/// <summary>Drops a form, and everything said since it began, either to end the request or to begin a fresh one.</summary>
public sealed class IntakeReset(IntakeAsker asker, IntakeReplies words, TimeProvider time, ILogger<IntakeReset> logger)
{
    /// <summary>Cancelled, under 18 or no consent.</summary>
    public void Abandon(Turn turn, IntakeForm form, string message)
    {
        logger.LogInformation("Intake {FormId} abandoned", form.Id);
        turn.State = turn.State with { Intake = null, Transcript = Transcript.Before(turn.State.Transcript, form.StartedAt) };
        turn.Say(message);
    }

    public void StartOver(Turn turn, IntakeForm form)
    {
        var now = time.GetUtcNow();
        turn.State = turn.State with { Transcript = Transcript.Before(turn.State.Transcript, form.StartedAt) };
        asker.AskNext(turn, new IntakeForm { Id = Guid.NewGuid(), StartedAt = now, LastActiveAt = now }, words.StartingOver);
    }
}
