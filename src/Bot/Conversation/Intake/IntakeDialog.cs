using Bot.Conversation.Faq;
using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>
/// The free-assessment request in a conversation: <see cref="IntakeMachine"/> decides each step; this dialog hands it
/// the message, carries out its effect (the request sent through <see cref="HandoffService"/>, the conversation's one
/// contact with the handoff store, or a question answered by <see cref="FaqDialog"/>) and returns the decision for
/// TurnHandler to save. Crisis is checked by TurnHandler before any of this runs.
/// </summary>
public sealed class IntakeDialog(
    IntakeMachine machine,
    FaqDialog faq,
    HandoffService handoff,
    IntakeReplies words,
    Replies replies,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time,
    ILogger<IntakeDialog> logger)
{
    public Decision Start(Turn turn)
    {
        var input = Input(turn);
        logger.LogInformation("Intake {FormId} started in conversation {ConversationId}", input.FreshId, turn.Incoming.Conversation?.Id);
        return Decide(turn.State with { Misses = 0, Suggestions = [] }, Logged(input.FreshId, machine.Start(input)), []);
    }

    /// <summary>The visitor came back (page reload): pick up where they were, or ask first if the form went stale.</summary>
    public Decision Resume(Turn turn) => Decide(turn.State, machine.Resume(turn.State.Intake!, Input(turn)), []);

    /// <summary>A second "confirm" after the request went (double click, retried post): the same reference, no new request.</summary>
    public Decision? RepeatReceipt(Turn turn) =>
        turn.State is { Intake: null, LastRequest: { } sent } && IntakeExtractor.IsResend(turn.MatchText)
            ? new Decision(turn.State, [new Reply(words.AlreadySent(sent.Reference))])
            : null;

    public async Task<Decision> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        var form = turn.State.Intake!;
        var input = Input(turn);
        var step = Logged(form.Id, machine.Step(form, input));
        switch (step.Effect)
        {
            case IntakeEffect.AnswerQuestion ask:
                var answer = faq.Respond(turn.State, ask.Question);
                return Decide(answer.State, step, answer.Replies);
            case IntakeEffect.Send:
                var urgent = turn.State.CrisisShown;
                var sent = await SendAsync(turn, step.Form!, urgent, cancellationToken);
                return Decide(turn.State, machine.AfterSend(step.Form!, sent, urgent, input), []);
            default:
                return Decide(turn.State, step, []);
        }
    }

    /// <summary>The conversation's state after a step: its form (or none), the request it sent, and its transcript less what the step forgets.</summary>
    private static Decision Decide(ConversationState state, IntakeStep step, IReadOnlyList<Reply> first) =>
        new(state with
        {
            Intake = step.Form,
            LastRequest = step.Sent ?? state.LastRequest,
            Transcript = step.ForgetSince is { } since ? Transcript.Before(state.Transcript, since) : state.Transcript,
        }, [.. first, .. step.Replies]);

    private IntakeStep Logged(Guid formId, IntakeStep step)
    {
        if (step.Form is null)
        {
            logger.LogInformation("Intake {FormId} abandoned", formId);
        }
        return step;
    }

    private IntakeInput Input(Turn turn) =>
        new(turn.Text, turn.MatchText, time.GetUtcNow(), JustAfterCrisis(turn.State), Guid.NewGuid(), options.CurrentValue);

    private bool JustAfterCrisis(ConversationState state) =>
        state.CrisisShown && state.Transcript.LastOrDefault() is { From: TranscriptEntry.Bot } last && (last.Text == replies.Crisis || last.Text == replies.CrisisForSomeoneElse);

    /// <summary>Null when it could not be sent: the form stays, and "confirm" again retries under the same key.</summary>
    private async Task<HandoffReceipt?> SendAsync(Turn turn, IntakeForm form, bool urgent, CancellationToken cancellationToken)
    {
        var submission = new HandoffSubmission(
            IdempotencyKey: $"intake:{form.Id:n}",
            Name: form.Name!,
            Phone: form.Phone,
            Email: form.Email,
            PreferredContact: form.EffectiveContact!.Value.ToString().ToLowerInvariant(),
            BestTime: form.BestTime,
            Reason: form.Reason is { } r ? IntakeSlots.ReasonLabel(r) : null,
            // Crisis resources shown anywhere in this conversation, before or during the form.
            Urgent: urgent,
            ConsentAt: form.ConsentAt!.Value,
            PrivacyNoticeVersion: form.ConsentVersion!,
            ConversationId: turn.Incoming.Conversation!.Id!,
            Channel: turn.Incoming.ChannelId ?? "unknown",
            Transcript: [.. turn.State.Transcript.Append(new TranscriptEntry(TranscriptEntry.Visitor, turn.Text, time.GetUtcNow()))
                .Select(e => new TranscriptLine(e.From, e.Text, e.Timestamp))],
            ClientAddress: turn.ClientAddress);
        try
        {
            var sent = await handoff.SubmitAsync(submission, cancellationToken);
            logger.LogInformation("Intake {FormId} handed off as {Reference}: {Outcome} (urgent: {Urgent})", form.Id, sent.Reference, sent.Outcome, urgent);
            return sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception's type only: messages from lower layers are not ours to vouch for.
            logger.LogError("Intake {FormId} could not be sent: {Error}", form.Id, ex.GetType().Name);
            return null;
        }
    }
}
