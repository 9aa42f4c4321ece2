using System.Text.Json.Serialization;

namespace Bot.Conversation.Intake;

public enum SlotId { Name, Phone, Email, PreferredContact, BestTime, Reason, Adult, Consent }

public enum IntakeStage
{
    /// <summary>Asking for the next missing detail (or the one being edited).</summary>
    Filling,
    /// <summary>All details given: showing the summary to confirm or edit.</summary>
    Summary,
    /// <summary>The visitor asked to edit: which detail?</summary>
    ChoosingEdit,
    /// <summary>The form sat idle too long: continue or start over?</summary>
    StaleCheck,
}

public enum ContactMethod { Call, Text, Email }

public enum HelpReason { Depression, Anxiety, Ptsd, ChronicPain, Other, PreferNotToSay }

/// <summary>
/// The free-assessment request while the visitor fills it in: typed fields, no bag of values.
/// Lives in <see cref="ConversationState"/> and is dropped on cancel or once sent.
/// </summary>
public sealed record IntakeForm
{
    /// <summary>Part of the idempotency key: confirming this form twice sends one request.</summary>
    public required Guid Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset LastActiveAt { get; init; }

    public IntakeStage Stage { get; init; }

    /// <summary>The stage to go back to after the stale check.</summary>
    public IntakeStage ResumeStage { get; init; }

    /// <summary>A detail the visitor asked to change; asked before any missing one.</summary>
    public SlotId? Editing { get; init; }

    /// <summary>Failed answers to the detail being asked, in a row.</summary>
    public int FailedTries { get; init; }

    public string? Name { get; init; }

    /// <summary>E.164, e.g. +14155550132.</summary>
    public string? Phone { get; init; }

    public bool PhoneSkipped { get; init; }

    public string? Email { get; init; }

    public bool EmailSkipped { get; init; }

    public ContactMethod? PreferredContact { get; init; }

    public string? BestTime { get; init; }

    public HelpReason? Reason { get; init; }

    public bool? Adult { get; init; }

    public DateTimeOffset? ConsentAt { get; init; }

    public string? ConsentVersion { get; init; }

    /// <summary>With only an email there is nothing to choose: email it is.</summary>
    [JsonIgnore]
    public ContactMethod? EffectiveContact => PreferredContact ?? (Phone is null && Email is not null ? ContactMethod.Email : null);

    [JsonIgnore]
    public string? FirstName => Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}

/// <summary>A sent request, remembered so a repeated confirmation shows the same reference.</summary>
public sealed record IntakeReceipt(Guid FormId, string Reference, DateTimeOffset SentAt);
