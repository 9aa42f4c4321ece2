using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>Saves the form and asks for the next missing detail, or shows the summary once none is missing.</summary>
public sealed class IntakeAsker(IntakeReplies words, IOptionsMonitor<IntakeOptions> options, TimeProvider time)
{
    public void AskNext(Turn turn, IntakeForm form, string? prefix, string separator = " ")
    {
        var lead = string.IsNullOrEmpty(prefix) ? "" : prefix + separator;
        if (IntakeSlots.Next(form) is not { } slot)
        {
            form = form with { Stage = IntakeStage.Summary };
            Save(turn, form);
            ShowSummary(turn, form, prefix);
            return;
        }
        Save(turn, form with { Stage = IntakeStage.Filling });
        var prompt = slot.Ask(form, options.CurrentValue.ContextAt(time.GetUtcNow()));
        turn.Say(lead + prompt.Text, prompt.Buttons);
    }

    public void ShowSummary(Turn turn, IntakeForm form, string? prefix)
    {
        var text = words.Summary(form);
        turn.Say(string.IsNullOrEmpty(prefix) ? text : prefix + "\n\n" + text, IntakeReplies.SummaryButtons);
    }

    public static void Save(Turn turn, IntakeForm form) => turn.State = turn.State with { Intake = form };
}
