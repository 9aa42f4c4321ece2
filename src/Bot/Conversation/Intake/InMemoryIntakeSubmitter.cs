using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Bot.Conversation.Intake;

/// <summary>
/// TEMPORARY: keeps confirmed requests in memory until the handoff store (branch "handoff") lands on main;
/// then the intake submits through HandoffService and this class goes. Honours the idempotency key as the store will.
/// </summary>
public sealed class InMemoryIntakeSubmitter : IIntakeSubmitter
{
    private readonly ConcurrentDictionary<string, (IntakeSubmission Submission, string Reference)> _requests = new(StringComparer.Ordinal);

    public IReadOnlyList<(IntakeSubmission Submission, string Reference)> Requests => _requests.Values.ToArray();

    public Task<SubmittedRequest> SubmitAsync(IntakeSubmission submission, CancellationToken cancellationToken)
    {
        var created = false;
        var stored = _requests.GetOrAdd(submission.IdempotencyKey, _ =>
        {
            created = true;
            return (submission, "KC-" + RandomNumberGenerator.GetString("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", 6));
        });
        return Task.FromResult(new SubmittedRequest(stored.Reference, created));
    }
}
