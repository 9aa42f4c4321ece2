namespace Bot.Conversation.Intake;

/// <param name="Form">The form with every accepted answer applied.</param>
/// <param name="Echoes">What was understood, in the order the form asks ("Thanks, Jane.", "I have … as your number.").</param>
/// <param name="Failure">The first answer that did not fit, and why.</param>
/// <param name="Ended">Set when an answer ends the request (under 18, no consent): what to tell the visitor.</param>
public sealed record FillResult(IntakeForm Form, IReadOnlyList<string> Echoes, (IntakeSlot Slot, string Reason)? Failure, string? Ended);

/// <summary>Applies what one message says to the form: explicit details anywhere, the rest to the question asked. Pure.</summary>
public static class IntakeFiller
{
    public static FillResult Apply(IntakeForm form, Extraction found, IntakeSlot? asking, IntakeContext ctx)
    {
        var answers = found.Candidates.Select(c => (Slot: IntakeSlots.Get(c.Slot), c.Text)).ToList();
        if (asking is not null && answers.All(a => a.Slot != asking) && (found.Remainder.Length > 0 || answers.Count == 0))
        {
            answers.Add((asking, found.Remainder));
        }
        answers.Sort((a, b) => a.Slot.Id.CompareTo(b.Slot.Id));

        var echoes = new List<string>();
        (IntakeSlot Slot, string Reason)? failure = null;
        foreach (var (slot, text) in answers)
        {
            var updated = slot.IsAnswered(form);
            switch (slot.Read(text, form, ctx))
            {
                case SlotAnswer.Accepted accepted:
                    form = accepted.Form with
                    {
                        Editing = form.Editing == slot.Id ? null : form.Editing,
                        FailedTries = slot == asking ? 0 : form.FailedTries,
                    };
                    echoes.Add(slot.Echo(form, updated));
                    break;
                case SlotAnswer.Rejected rejected:
                    failure ??= (slot, rejected.Reason);
                    break;
                case SlotAnswer.Ends ends:
                    return new FillResult(form, echoes, failure, ends.Message);
            }
        }
        if (failure is { } f)
        {
            // The next answer goes to the detail that failed; tries count only for the same question in a row.
            var same = f.Slot == asking;
            form = form with
            {
                Stage = IntakeStage.Filling,
                Editing = same ? form.Editing : f.Slot.Id,
                FailedTries = same ? form.FailedTries + 1 : 1,
            };
        }
        return new FillResult(form, echoes, failure, null);
    }
}
