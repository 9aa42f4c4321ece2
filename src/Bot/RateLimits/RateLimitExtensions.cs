using System.Globalization;
using System.Threading.RateLimiting;
using Bot.Storage;
using Microsoft.AspNetCore.RateLimiting;

namespace Bot.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter on every public endpoint: named policies that the features put on their routes,
/// 429 with Retry-After when one runs out, and nothing at all when RateLimits:Enabled is false. With
/// ConnectionStrings:Redis set, every instance counts against one budget per client (<see cref="SharedRateLimiter"/>).
/// </summary>
public static class RateLimitExtensions
{
    public const string Messages = "messages";
    public const string Tokens = "tokens";
    public const string SignIn = "staff-sign-in";
    public const string StaffApi = "staff-api";

    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.MessagesPerMinutePerAddress > 0 && o.MessagesPerMinutePerConversation > 0 && o.TokensPerMinutePerAddress > 0
                && o.SignInsPerMinutePerAddress > 0 && o.RequestsPerMinutePerAddress > 0 && o.StaffApiPerMinutePerAddress > 0, "RateLimits: every limit must be at least 1.")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.AddRedis();
        builder.Services.AddSingleton<ConversationRateLimiter>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease, ct);
            // A backstop over everything routed (pages, polling, reconnects): far above a visitor polling every second.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PerAddress(options, "all", options.RequestsPerMinutePerAddress));
            limiter.AddPolicy(Messages, PerAddress(options, Messages, options.MessagesPerMinutePerAddress));
            limiter.AddPolicy(Tokens, PerAddress(options, Tokens, options.TokensPerMinutePerAddress));
            limiter.AddPolicy(SignIn, PerAddress(options, SignIn, options.SignInsPerMinutePerAddress, postsOnly: true));
            limiter.AddPolicy(StaffApi, PerAddress(options, StaffApi, options.StaffApiPerMinutePerAddress));
        });
        return builder;
    }

    /// <summary>The 429 every limit answers: problem details and how long to wait.</summary>
    public static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        // ASP.NET Core's limiters give a TimeSpan, RedisRateLimiting's whole seconds.
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var retryAfter)
            ? retryAfter switch { TimeSpan span => span, int seconds => TimeSpan.FromSeconds(seconds), _ => TimeSpan.FromMinutes(1) }
            : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: "Please wait a moment and try again.").ExecuteAsync(http);
    }

    /// <summary>The client's address as the forwarded-headers middleware left it; one bucket for in-process callers.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "in-process";

    private static Func<HttpContext, RateLimitPartition<string>> PerAddress(RateLimitOptions options, string policy, int perMinute, bool postsOnly = false) =>
        http => !options.Enabled || (postsOnly && !HttpMethods.IsPost(http.Request.Method))
            ? RateLimitPartition.GetNoLimiter("none")
            : Window(http.RequestServices.GetService<RedisConnection>(), $"{policy}:{ClientAddress(http)}", perMinute);

    /// <summary>A one-minute window per key: shared through Redis when it is configured, this instance's own otherwise.</summary>
    public static RateLimitPartition<string> Window(RedisConnection? redis, string key, int perMinute) => redis is null
        ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
        : RateLimitPartition.Get(key, k => new SharedRateLimiter(redis, k, perMinute));
}
