using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bot.RateLimits;

/// <summary>
/// Messages per conversation: the conversation id is in the body of /api/messages, which the rate-limiting
/// middleware never reads, so the endpoints ask this limiter once they know it.
/// </summary>
public sealed class ConversationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public ConversationRateLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(conversationId => o.Enabled
            ? RateLimitPartition.GetFixedWindowLimiter(conversationId,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = o.MessagesPerMinutePerConversation, Window = TimeSpan.FromMinutes(1) })
            : RateLimitPartition.GetNoLimiter(""));
    }

    /// <summary>Null when the conversation may post one more message; otherwise the 429 to answer with.</summary>
    public IResult? Check(string conversationId)
    {
        var lease = limiter.AttemptAcquire(conversationId);
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
