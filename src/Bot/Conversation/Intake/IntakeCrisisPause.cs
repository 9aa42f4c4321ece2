namespace Bot.Conversation.Intake;

/// <summary>After the crisis resources, whatever comes next is not quietly filed as "best time".</summary>
public sealed class IntakeCrisisPause(Replies replies, IntakeReplies words, IntakeAsker asker)
{
    /// <summary>True when the turn was answered with a gentle pause instead of being read as details.</summary>
    public bool TryPause(Turn turn, IntakeForm form, IntakeContext ctx)
    {
        if (!JustAfterCrisis(turn) || LooksLikeAnAnswer(turn, form, ctx))
        {
            return false;
        }
        asker.AskNext(turn, form, words.AfterCrisis, "\n\n");
        return true;
    }

    private bool JustAfterCrisis(Turn turn) =>
        turn.State.CrisisShown && turn.State.Transcript.LastOrDefault() is { From: TranscriptEntry.Bot } last && (last.Text == replies.Crisis || last.Text == replies.CrisisForSomeoneElse);

    private static bool LooksLikeAnAnswer(Turn turn, IntakeForm form, IntakeContext ctx)
    {
        if (form.Stage != IntakeStage.Filling)
        {
            return IntakeExtractor.IsConfirm(turn.MatchText) || IntakeExtractor.IsEdit(turn.MatchText);
        }
        if (IntakeSlots.Next(form) is not { } slot || IntakeExtractor.Extract(turn.Text).Candidates.Count > 0)
        {
            return true;
        }
        // A button, or a detail with a shape of its own; free text (a name, a time) could be anything just now.
        return slot.Ask(form, ctx).Buttons.Contains(turn.Text, StringComparer.OrdinalIgnoreCase)
            || (slot.Id is not (SlotId.Name or SlotId.BestTime) && slot.Read(turn.Text, form, ctx) is SlotAnswer.Accepted);
    }
}
