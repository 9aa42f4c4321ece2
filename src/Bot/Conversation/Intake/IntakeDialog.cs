using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>
/// The free-assessment request as a forgiving form: each turn reads whatever details the message holds
/// (several at once, corrections at any point), answers questions in between, and asks for the next missing
/// detail; then a summary, then one request to staff. The slots themselves are declared in <see cref="IntakeSlots"/>.
/// Crisis is checked by <see cref="TurnHandler"/> before any of this runs. This class only routes a turn to the
/// stage it belongs to; the stages decide what to say.
/// </summary>
public sealed class IntakeDialog(
    IntakeStarter starter,
    IntakeStaleCheck stale,
    IntakeReset reset,
    IntakeCrisisPause crisisPause,
    IntakeReview review,
    IntakeAnswers answers,
    IntakeReplies words,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time)
{
    public void Start(Turn turn) => starter.Start(turn);

    /// <summary>The visitor came back (page reload): pick up where they were, or ask first if the form went stale.</summary>
    public void Resume(Turn turn) => starter.Resume(turn);

    /// <summary>A second "confirm" after the request went (double click, retried post): the same reference, no new request.</summary>
    public bool TryRepeatReceipt(Turn turn)
    {
        if (turn.State is not { Intake: null, LastRequest: { } sent } || !IntakeExtractor.IsResend(turn.MatchText))
        {
            return false;
        }
        turn.Say(words.AlreadySent(sent.Reference));
        return true;
    }

    public async Task ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var form = turn.State.Intake!;
        // Cancel works from any stage, even a stale form; starting over waits until the stale question is asked.
        if (IntakeExtractor.IsCancel(turn.MatchText))
        {
            reset.Abandon(turn, form, words.Cancelled);
            return;
        }
        if (stale.IsStale(form, now))
        {
            stale.Ask(turn, form);
            return;
        }
        if (IntakeExtractor.IsStartOver(turn.MatchText))
        {
            reset.StartOver(turn, form);
            return;
        }
        form = form with { LastActiveAt = now };
        var ctx = options.CurrentValue.ContextAt(now);
        if (crisisPause.TryPause(turn, form, ctx))
        {
            return;
        }
        if (form.Stage == IntakeStage.StaleCheck)
        {
            stale.Answer(turn, form, ctx);
            return;
        }
        if (await review.TryHandleAsync(turn, form, cancellationToken))
        {
            return;
        }
        answers.Take(turn, form, ctx, prefix: null, explicitOnly: false);
    }
}
