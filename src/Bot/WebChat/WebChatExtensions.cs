using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Bot.Conversation;
using Bot.DirectLine;
using Bot.RateLimits;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Bot.WebChat;

/// <summary>
/// The website chat: the Web Chat page at /, the embeddable /widget.js, a demo clinic site at /demo, and the
/// same-origin token endpoint the page uses (the Direct Line secret never reaches a browser).
/// </summary>
public static partial class WebChatExtensions
{
    public static IHostApplicationBuilder AddWebChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebChatOptions>().BindConfiguration(WebChatOptions.Section)
            .Validate(o => HexColor().IsMatch(o.PrimaryColor), "WebChat:PrimaryColor must be a hex colour like #1f5f74.")
            .Validate(o => !HexColor().IsMatch(o.PrimaryColor) || WebChatOptions.WhiteTextContrast(o.PrimaryColor) >= 4.5,
                "WebChat:PrimaryColor is too light: white text on it must reach 4.5:1 contrast (WCAG AA); pick a darker colour like #1f5f74.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Security headers (the page policies on everything but the JSON APIs), then the page's static files.</summary>
    public static IApplicationBuilder UseWebChat(this IApplicationBuilder app)
    {
        var allowed = app.ApplicationServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.AllowedOrigins;
        var frameAncestors = string.Join(' ', new[] { "'self'" }.Concat(allowed.Select(o => o.TrimEnd('/'))));
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/v3"))
            {
                // JSON for bots and Direct Line clients: the page policies below only mean something for documents,
                // and the policy string is built per request (it names the host), on the busiest path.
                return next(context);
            }
            // Web Chat styles itself with injected <style> tags (emotion), hence 'unsafe-inline' for styles only.
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                $"font-src 'self' data:; connect-src 'self' ws://{context.Request.Host} wss://{context.Request.Host}; media-src 'self' blob:; " +
                $"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frameAncestors}";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = WebRoot() });
        return app;
    }

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder endpoints)
    {
        var chat = Template("chat.html");
        var demo = Template("demo.html");
        endpoints.MapGet("/", (IOptions<WebChatOptions> options, IOptions<ConversationOptions> conversation) =>
            Render(chat, options.Value, conversation.Value.Phone));
        endpoints.MapGet("/demo", (IOptions<WebChatOptions> options, IOptions<ConversationOptions> conversation) =>
            Render(demo, options.Value, conversation.Value.Phone));
        endpoints.MapPost("/api/chat/token", (HttpResponse response, DirectLineTokens tokens) =>
        {
            // A fresh conversation and visitor for the page; directlinejs starts the conversation with it.
            var conversationId = DirectLineTokens.NewConversationId();
            response.Headers.CacheControl = "no-store";
            return TypedResults.Json(
                new ConversationResponse(conversationId, tokens.Issue(conversationId, DirectLineTokens.NewUserId()), tokens.LifetimeSeconds),
                DirectLineJson.Default.ConversationResponse);
        }).RequireRateLimiting(RateLimitExtensions.Tokens);
        return endpoints;
    }

    private static PhysicalFileProvider WebRoot() => new(Path.Combine(AppContext.BaseDirectory, "wwwroot"));

    /// <summary>The page templates are embedded, so only their filled-in form is ever served.</summary>
    private static string Template(string name)
    {
        using var stream = typeof(WebChatExtensions).Assembly.GetManifestResourceStream("WebChat.Pages." + name)
            ?? throw new InvalidOperationException($"The {name} page template is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Fills the page's settings in, HTML-encoded; the page's script reads them from data attributes (no inline script).</summary>
    private static IResult Render(string template, WebChatOptions options, string phone)
    {
        var html = template;
        var encoder = HtmlEncoder.Default;
        var values = new Dictionary<string, string>
        {
            ["ClinicName"] = options.ClinicName,
            ["PrimaryColor"] = options.PrimaryColor,
            ["AvatarInitials"] = options.AvatarInitials,
            ["PrivacyNote"] = options.PrivacyNote,
            ["Phone"] = phone,
            ["PhoneLink"] = "tel:" + new string(phone.Where(c => char.IsDigit(c) || c == '+').ToArray()),
        };
        foreach (var (key, value) in values)
        {
            html = html.Replace("{{" + key + "}}", encoder.Encode(value), StringComparison.Ordinal);
        }
        return Results.Content(html, "text/html; charset=utf-8");
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
