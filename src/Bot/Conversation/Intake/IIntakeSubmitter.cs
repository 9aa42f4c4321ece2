namespace Bot.Conversation.Intake;

/// <summary>A confirmed request, as the intake hands it to staff. Contact details: never log them.</summary>
/// <param name="IdempotencyKey">From the form id (random, fixed length): confirming the same form twice sends one request.</param>
/// <param name="Phone">E.164, or null when the visitor gave only an email.</param>
public sealed record IntakeSubmission(
    string IdempotencyKey,
    string Name,
    string? Phone,
    string? Email,
    string PreferredContact,
    string? BestTime,
    string? Reason,
    bool Urgent,
    DateTimeOffset ConsentAt,
    string PrivacyNoticeVersion,
    string ConversationId,
    string Channel,
    IReadOnlyList<TranscriptEntry> Transcript);

public sealed record SubmittedRequest(string Reference, bool Created);

/// <summary>Where a confirmed intake goes: the handoff store. The seam lets this branch land before the store does.</summary>
public interface IIntakeSubmitter
{
    Task<SubmittedRequest> SubmitAsync(IntakeSubmission submission, CancellationToken cancellationToken);
}
