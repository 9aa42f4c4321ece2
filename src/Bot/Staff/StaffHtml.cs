using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Bot.Staff;

/// <summary>The inbox's small HTML vocabulary: every value goes through <see cref="HtmlEncoder"/>.</summary>
public static class StaffHtml
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:52rem;margin-inline:auto;line-height:1.4;color:#1a1a1a}
        a{color:#0b57d0}header{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
        nav a{margin-right:.6rem}.card{border:1px solid #ccc;border-radius:8px;padding:.7rem;margin:.6rem 0}
        .urgent{border-color:#b3261e;border-width:2px}.badge{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;background:#eee}
        .badge.urgent-b{background:#b3261e;color:#fff}.badge.failed{background:#ffdad6;color:#410002}.alert{background:#ffdad6;padding:.6rem;border-radius:6px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
        input,select,textarea,button{font:inherit;padding:.4rem;max-width:100%}textarea{width:100%;box-sizing:border-box}
        .line{margin:.3rem 0}.from{font-weight:600}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}
        """;

    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC";

    public static string Token(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext http, string title, string body, bool signedIn = true, int statusCode = 200)
    {
        // Pages hold health details: never cached, never framed, no scripts.
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" · Staff inbox</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header><h1>").Append(E(title)).Append("</h1>");
        if (signedIn)
        {
            html.Append("<form method=\"post\" action=\"/staff/logout\">").Append(Token(http))
                .Append("<a href=\"/staff\">Inbox</a> <button type=\"submit\">Sign out</button></form>");
        }
        html.Append("</header>").Append(body).Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
