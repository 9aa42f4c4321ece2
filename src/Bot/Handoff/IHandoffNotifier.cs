namespace Bot.Handoff;

/// <summary>One way of telling staff about a request (email, webhook). Throws when the delivery did not go through.</summary>
public interface IHandoffNotifier
{
    string Channel { get; }

    /// <param name="deliveryId">The outbox row's id: stable across retries, so receivers can de-duplicate.</param>
    Task SendAsync(HandoffRequest request, Guid deliveryId, CancellationToken ct);
}
