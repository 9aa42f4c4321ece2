using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>Opens a new form, or picks up an existing one when the visitor comes back.</summary>
public sealed class IntakeStarter(
    IntakeAnswers answers,
    IntakeAsker asker,
    IntakeStaleCheck stale,
    IntakeReplies words,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time,
    ILogger<IntakeStarter> logger)
{
    public void Start(Turn turn)
    {
        var now = time.GetUtcNow();
        var form = new IntakeForm { Id = Guid.NewGuid(), StartedAt = now, LastActiveAt = now };
        turn.State = turn.State with { Misses = 0, Suggestions = [] };
        logger.LogInformation("Intake {FormId} started in conversation {ConversationId}", form.Id, turn.Incoming.Conversation?.Id);
        // "can someone call me? 415 555 0132" already holds a detail: take it.
        if (IntakeExtractor.Extract(turn.Text).Candidates.Count > 0)
        {
            answers.Take(turn, form, options.CurrentValue.ContextAt(now), prefix: words.Start, explicitOnly: true);
            return;
        }
        asker.AskNext(turn, form, words.Start, "\n\n");
    }

    /// <summary>The visitor came back (page reload): pick up where they were, or ask first if the form went stale.</summary>
    public void Resume(Turn turn)
    {
        var form = turn.State.Intake!;
        if (stale.IsStale(form, time.GetUtcNow()))
        {
            stale.Ask(turn, form);
            return;
        }
        asker.AskNext(turn, form with { Stage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage }, words.WelcomeBack);
    }
}
