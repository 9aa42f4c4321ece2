namespace Bot.Conversation.Intake;

/// <summary>The summary stage: confirm and send, or choose a detail to change.</summary>
public sealed class IntakeReview(IntakeSender sender, IntakeAsker asker, IntakeReplies words)
{
    /// <summary>False when the message is none of these, so it is read as details instead.</summary>
    public async Task<bool> TryHandleAsync(Turn turn, IntakeForm form, CancellationToken cancellationToken)
    {
        var m = turn.MatchText;
        switch (form.Stage)
        {
            case IntakeStage.Summary when IntakeExtractor.IsConfirm(m):
                if (!await sender.SendAsync(turn, form, cancellationToken))
                {
                    IntakeAsker.Save(turn, form);
                }
                return true;
            case IntakeStage.Summary when IntakeExtractor.IsEdit(m):
                IntakeAsker.Save(turn, form with { Stage = IntakeStage.ChoosingEdit });
                turn.Say(words.WhichEdit, IntakeReplies.EditButtons);
                return true;
            // A short message naming a detail picks it; a longer one may carry the new value itself.
            case IntakeStage.Summary or IntakeStage.ChoosingEdit when m.Split(' ').Length <= 3 && IntakeExtractor.SlotNamed(m) is { } slot:
                asker.AskNext(turn, form with { Stage = IntakeStage.Filling, Editing = slot, FailedTries = 0 }, words.Sure);
                return true;
            default:
                return false;
        }
    }
}
