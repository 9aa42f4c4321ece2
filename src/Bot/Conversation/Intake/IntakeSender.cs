using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>
/// Sends a confirmed form to the clinic's team through <see cref="HandoffService"/> (the conversation's one
/// contact with the handoff store) and tells the visitor the reference and what happens next.
/// </summary>
public sealed class IntakeSender(
    HandoffService handoff,
    IntakeReplies words,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time,
    ILogger<IntakeSender> logger)
{
    /// <summary>False when it could not be sent: the form stays, and "confirm" again retries under the same key.</summary>
    public async Task<bool> SendAsync(Turn turn, IntakeForm form, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var conversationId = turn.Incoming.Conversation!.Id!;
        var now = time.GetUtcNow();
        var submission = new HandoffSubmission(
            IdempotencyKey: $"intake:{form.Id:n}",
            Name: form.Name!,
            Phone: form.Phone,
            Email: form.Email,
            PreferredContact: form.EffectiveContact!.Value.ToString().ToLowerInvariant(),
            BestTime: form.BestTime,
            Reason: form.Reason is { } r ? IntakeSlots.ReasonLabel(r) : null,
            // Crisis resources shown anywhere in this conversation, before or during the form.
            Urgent: state.CrisisShown,
            ConsentAt: form.ConsentAt!.Value,
            PrivacyNoticeVersion: form.ConsentVersion!,
            ConversationId: conversationId,
            Channel: turn.Incoming.ChannelId ?? "unknown",
            Transcript: [.. state.Transcript.Append(new TranscriptEntry(TranscriptEntry.Visitor, turn.Text, now))
                .Select(e => new TranscriptLine(e.From, e.Text, e.Timestamp))],
            ClientAddress: turn.ClientAddress);
        HandoffReceipt sent;
        try
        {
            sent = await handoff.SubmitAsync(submission, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception's type only: messages from lower layers are not ours to vouch for.
            logger.LogError("Intake {FormId} could not be sent: {Error}", form.Id, ex.GetType().Name);
            turn.Say(words.SendFailed, [IntakeReplies.ConfirmButton, IntakeReplies.CancelButton]);
            return false;
        }
        logger.LogInformation("Intake {FormId} handed off as {Reference}: {Outcome} (urgent: {Urgent})", form.Id, sent.Reference, sent.Outcome, submission.Urgent);
        if (sent.Outcome == HandoffOutcome.Limited)
        {
            // Nothing was stored, so the details are not kept here either: the phone is the way on.
            turn.State = state with { Intake = null, Transcript = [] };
            turn.Say(words.Limited(submission.Urgent));
            return true;
        }
        // The details now live with the handoff; the conversation keeps only the reference.
        turn.State = state with { Intake = null, LastRequest = new IntakeReceipt(form.Id, sent.Reference, now), Transcript = [] };
        turn.Say(sent.Outcome == HandoffOutcome.Updated
            ? words.Updated(form.FirstName ?? "", sent.Reference, submission.Urgent)
            : words.Sent(form.FirstName ?? "", sent.Reference, form.EffectiveContact!.Value, form.BestTime, options.CurrentValue.ResponseTime, submission.Urgent));
        return true;
    }
}
