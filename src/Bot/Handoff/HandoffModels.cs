namespace Bot.Handoff;

/// <summary>What the intake conversation hands over once the visitor has confirmed.</summary>
/// <param name="IdempotencyKey">Conversation id + form instance id: confirming twice creates one request.</param>
/// <param name="Phone">E.164, e.g. +14155550132; null when the visitor gave only an email.</param>
public sealed record HandoffSubmission(
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
    IReadOnlyList<TranscriptLine> Transcript,
    string? ClientAddress = null);

public sealed record TranscriptLine(string From, string Text, DateTimeOffset Timestamp);

public enum HandoffOutcome
{
    /// <summary>A new request, with its delivery jobs.</summary>
    Created,

    /// <summary>The same form confirmed again: nothing changed.</summary>
    AlreadySent,

    /// <summary>The same phone or email within Handoff:SameDetailsWindow: the open request was updated.</summary>
    Updated,

    /// <summary>Past Handoff:MaxPerConversationPerHour or MaxPerAddressPerHour: nothing stored.</summary>
    Limited,
}

public sealed record HandoffReceipt(Guid Id, string Reference, HandoffOutcome Outcome)
{
    public bool Created => Outcome == HandoffOutcome.Created;

    public static HandoffReceipt Limited { get; } = new(Guid.Empty, "", HandoffOutcome.Limited);
}

public static class HandoffStatus
{
    public const string New = "new";
    public const string Contacted = "contacted";
    public const string Scheduled = "scheduled";
    public const string Closed = "closed";
    public const string Spam = "spam";

    public static IReadOnlyList<string> All { get; } = [New, Contacted, Scheduled, Closed, Spam];

    public static bool IsValid(string? status) => status is not null && All.Contains(status);
}

/// <summary>A stored request, decrypted.</summary>
public sealed record HandoffRequest(
    Guid Id,
    string Reference,
    DateTimeOffset CreatedAt,
    string Status,
    bool Urgent,
    string Name,
    string? Phone,
    string? Email,
    string PreferredContact,
    string? BestTime,
    string? Reason,
    DateTimeOffset ConsentAt,
    string PrivacyNoticeVersion,
    string ConversationId,
    string Channel,
    IReadOnlyList<TranscriptLine> Transcript);

public static class OutboxState
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

public static class DeliveryChannel
{
    public const string Email = "email";
    public const string Webhook = "webhook";
}

/// <summary>One delivery job of a request, as the inbox shows it.</summary>
public sealed record Delivery(Guid Id, string Channel, string State, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>A claimed outbox row: <see cref="Attempt"/> counts this attempt.</summary>
public sealed record OutboxJob(Guid Id, Guid RequestId, string Channel, int Attempt);

public sealed record StaffNote(string Author, string Text, DateTimeOffset CreatedAt);

public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, Guid? RequestId, string? Detail);

/// <summary>A list row: the request plus whether any of its deliveries failed.</summary>
public sealed record HandoffSummary(HandoffRequest Request, bool DeliveryFailed);
