using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Bot.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter on every public endpoint: named policies that the features put on their routes,
/// 429 with Retry-After when one runs out, and nothing at all when RateLimits:Enabled is false.
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
        builder.Services.AddSingleton<ConversationRateLimiter>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease, ct);
            // A backstop over everything routed (pages, polling, reconnects): far above a visitor polling every second.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PerAddress(options, options.RequestsPerMinutePerAddress));
            limiter.AddPolicy(Messages, PerAddress(options, options.MessagesPerMinutePerAddress));
            limiter.AddPolicy(Tokens, PerAddress(options, options.TokensPerMinutePerAddress));
            limiter.AddPolicy(SignIn, PerAddress(options, options.SignInsPerMinutePerAddress, postsOnly: true));
            limiter.AddPolicy(StaffApi, PerAddress(options, options.StaffApiPerMinutePerAddress));
        });
        return builder;
    }

    /// <summary>The 429 every limit answers: problem details and how long to wait.</summary>
    public static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: "Please wait a moment and try again.").ExecuteAsync(http);
    }

    /// <summary>The client's address as the forwarded-headers middleware left it; one bucket for in-process callers.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "in-process";

    private static Func<HttpContext, RateLimitPartition<string>> PerAddress(RateLimitOptions options, int perMinute, bool postsOnly = false) =>
        http => !options.Enabled || (postsOnly && !HttpMethods.IsPost(http.Request.Method))
            ? RateLimitPartition.GetNoLimiter("none")
            : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });
}
