using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>
/// Takes the details a message holds into the form (through <see cref="IntakeFiller"/>) and says what was
/// understood, what did not fit, or what comes next.
/// </summary>
public sealed class IntakeAnswers(
    IntakeInterruptions interruptions,
    IntakeAsker asker,
    IntakeReset reset,
    IntakeReplies words,
    IOptionsMonitor<IntakeOptions> options)
{
    /// <param name="explicitOnly">The opening message: nothing has been asked yet, so only the details it states explicitly are taken.</param>
    public void Take(Turn turn, IntakeForm form, IntakeContext ctx, string? prefix, bool explicitOnly)
    {
        var asking = form.Stage == IntakeStage.Filling && !explicitOnly ? IntakeSlots.Next(form) : null;
        var found = IntakeExtractor.Extract(turn.Text);
        if (found.Candidates.Count == 0 && !explicitOnly)
        {
            if (found.EditRequest is { } edit)
            {
                asker.AskNext(turn, form with { Stage = IntakeStage.Filling, Editing = edit, FailedTries = 0 }, words.Sure);
                return;
            }
            if (interruptions.TryAnswer(turn, form, asking, ctx))
            {
                return;
            }
            if (asking is null)
            {
                IntakeAsker.Save(turn, form);
                if (form.Stage == IntakeStage.ChoosingEdit)
                {
                    turn.Say(words.WhichEdit, IntakeReplies.EditButtons);
                    return;
                }
                asker.ShowSummary(turn, form, words.SummaryHint);
                return;
            }
        }

        var result = IntakeFiller.Apply(form, found, asking, ctx);
        if (result.Ended is { } ended)
        {
            reset.Abandon(turn, result.Form, ended);
            return;
        }
        var echoes = (prefix is null ? result.Echoes : result.Echoes.Prepend(prefix)).ToList();
        form = result.Form;
        if (result.Failure is { } f)
        {
            var text = Join(echoes.Append(f.Reason));
            if (form.FailedTries >= options.CurrentValue.MaxTries)
            {
                text += "\n\n" + words.TooManyTries;
                form = form with { FailedTries = 0 };
            }
            IntakeAsker.Save(turn, form);
            turn.Say(text, f.Slot.Ask(form, ctx).Buttons);
            return;
        }
        asker.AskNext(turn, form with { Stage = IntakeStage.Filling }, Join(echoes));
    }

    private static string Join(IEnumerable<string> parts) => string.Join(" ", parts.Where(p => p.Length > 0));
}
