using System.Threading.RateLimiting;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.RateLimits;

/// <summary>
/// Messages per conversation: the conversation id is in the body of /api/messages, which the rate-limiting
/// middleware never reads, so the endpoints ask this limiter once they know it.
/// </summary>
public sealed class ConversationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public ConversationRateLimiter(IOptions<RateLimitOptions> options, RedisConnection? redis = null)
    {
        var o = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(conversationId => o.Enabled
            ? RateLimitExtensions.Window(redis, $"conversation:{conversationId}", o.MessagesPerMinutePerConversation)
            : RateLimitPartition.GetNoLimiter(""));
    }

    /// <summary>Null when the conversation may post one more message; otherwise the 429 to answer with.</summary>
    public async ValueTask<IResult?> CheckAsync(string conversationId, CancellationToken cancellationToken)
    {
        // Asynchronous: a shared window is counted in Redis.
        var lease = await limiter.AcquireAsync(conversationId, 1, cancellationToken);
        if (lease.IsAcquired)
        {
            lease.Dispose();
            return null;
        }
        return new Rejected(lease);
    }

    private sealed class Rejected(RateLimitLease lease) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            using (lease)
            {
                await RateLimitExtensions.RejectAsync(httpContext, lease, httpContext.RequestAborted);
            }
        }
    }

    public void Dispose() => limiter.Dispose();
}
