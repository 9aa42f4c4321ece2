using System.Text.RegularExpressions;
using Bot.Logging;
using Bot.Telemetry;
using Microsoft.Extensions.Options;

namespace Bot.Handoff;

/// <summary>
/// The one entry point for the intake conversation: store a confirmed request with its delivery jobs,
/// then wake the dispatcher. Safe to call twice with the same idempotency key; see <see cref="HandoffOutcome"/>
/// for the answers besides "created".
/// </summary>
public sealed partial class HandoffService(
    HandoffSubmissions submissions,
    OutboxSignal signal,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    BotMetrics metrics,
    ILogger<HandoffService> logger)
{
    public static IReadOnlyList<string> PreferredContactMethods { get; } = ["call", "text", "email"];

    public async Task<HandoffReceipt> SubmitAsync(HandoffSubmission submission, CancellationToken ct)
    {
        Validate(submission);
        var settings = options.Value;
        var request = new HandoffRequest(
            Guid.NewGuid(),
            ReferenceNumber.New(settings.ReferencePrefix),
            time.GetUtcNow(),
            HandoffStatus.New,
            submission.Urgent,
            submission.Name.Trim(),
            submission.Phone,
            submission.Email?.Trim(),
            submission.PreferredContact,
            submission.BestTime?.Trim(),
            submission.Reason?.Trim(),
            submission.ConsentAt,
            submission.PrivacyNoticeVersion,
            submission.ConversationId,
            submission.Channel,
            submission.Transcript);
        var rules = new SubmissionRules(settings.MaxPerConversationPerHour, settings.MaxPerAddressPerHour, settings.SameDetailsWindow);
        var receipt = await submissions.SubmitAsync(submission.IdempotencyKey, request, submission.ClientAddress,
            ConfiguredChannels(settings), rules, ct);
        switch (receipt.Outcome)
        {
            case HandoffOutcome.Created:
                Log.Created(logger, receipt.Reference, receipt.Id, submission.Urgent);
                metrics.HandoffCreated(submission.Urgent);
                signal.Notify();
                break;
            case HandoffOutcome.Updated:
                Log.Updated(logger, receipt.Reference, receipt.Id);
                break;
            case HandoffOutcome.Limited:
                Log.Limited(logger, submission.ConversationId, submission.ClientAddress ?? "-");
                break;
            default:
                Log.Duplicate(logger, receipt.Reference, receipt.Id);
                break;
        }
        return receipt;
    }

    public static IReadOnlyList<string> ConfiguredChannels(HandoffOptions settings)
    {
        var channels = new List<string>();
        if (settings.Email.IsConfigured)
        {
            channels.Add(DeliveryChannel.Email);
        }
        if (settings.Webhook.IsConfigured)
        {
            channels.Add(DeliveryChannel.Webhook);
        }
        return channels;
    }

    /// <summary>Messages name the field, never its value, since callers may log them.</summary>
    private static void Validate(HandoffSubmission s)
    {
        Require(!string.IsNullOrWhiteSpace(s.IdempotencyKey) && s.IdempotencyKey.Length <= 200, "IdempotencyKey is required (at most 200 characters).");
        Require(!string.IsNullOrWhiteSpace(s.Name) && s.Name.Length <= 200, "Name is required (at most 200 characters).");
        Require(s.Phone is not null || s.Email is not null, "A phone number or an email address is required.");
        Require(s.Phone is null || E164().IsMatch(s.Phone), "Phone must be in E.164 form, e.g. +14155550132.");
        Require(s.Email is null || (s.Email.Length <= 254 && s.Email.Contains('@')), "Email is not an address.");
        Require(PreferredContactMethods.Contains(s.PreferredContact), "PreferredContact must be call, text or email.");
        Require(!string.IsNullOrWhiteSpace(s.PrivacyNoticeVersion), "PrivacyNoticeVersion is required with the consent.");
        Require(s.ConsentAt != default, "ConsentAt is required.");
        Require(!string.IsNullOrWhiteSpace(s.ConversationId) && !string.IsNullOrWhiteSpace(s.Channel), "ConversationId and Channel are required.");
        Require(s.Transcript is not null, "Transcript is required (it may be empty).");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Handoff request {Reference} ({RequestId}) created, urgent: {Urgent}")]
        public static partial void Created(ILogger logger, string reference, Guid requestId, bool urgent);

        [LoggerMessage(Level = LogLevel.Information, Message = "Handoff request {Reference} ({RequestId}) confirmed again; kept the first")]
        public static partial void Duplicate(ILogger logger, string reference, Guid requestId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Handoff request {Reference} ({RequestId}) updated: the same contact details were sent again")]
        public static partial void Updated(ILogger logger, string reference, Guid requestId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff refused in conversation {ConversationId} from {ClientAddress}: hourly limit reached")]
        public static partial void Limited(ILogger logger, string conversationId, [PersonalData] string clientAddress);
    }
}

/// <summary>Wakes the dispatcher when a request is stored, so delivery does not wait for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up drains everything that is due.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => semaphore.WaitAsync(timeout, ct);
}
