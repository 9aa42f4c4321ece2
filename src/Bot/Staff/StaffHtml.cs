using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Bot.Staff;

/// <summary>The inbox's small HTML vocabulary: every value goes through <see cref="HtmlEncoder"/>.</summary>
public static class StaffHtml
{
    // Phone first: nothing wider than 320 px (long words and URLs wrap), and every control a 44x44 px target
    // (WCAG 2.5.5); links inside transcript prose are inline text, given a 24 px line (2.5.8's inline exception).
    private const string Style = """
        *,*::before,*::after{box-sizing:border-box}
        body{font-family:system-ui,sans-serif;margin:0;padding:.75rem;max-width:52rem;margin-inline:auto;line-height:1.5;color:#1a1a1a;overflow-wrap:anywhere}
        a{color:#0b57d0}h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.25rem;margin:1.4rem 0 .5rem}
        header{display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap}
        header form{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
        .links{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.5rem 0}
        .tap,.links a,header a,.back{display:inline-flex;align-items:center;min-height:44px;min-width:44px;padding:0 .7rem;border-radius:6px}
        .links a{border:1px solid #8a8a8a;text-decoration:none}.links a:hover{text-decoration:underline}
        .links a[aria-current]{background:#0b57d0;color:#fff;border-color:#0b57d0;font-weight:700}
        .tap{padding:0;min-width:0}
        input,select,textarea,button{font:inherit;padding:.4rem .6rem;max-width:100%;min-height:44px}textarea{width:100%}
        button{min-width:44px;cursor:pointer}
        .card{position:relative;border:1px solid #767676;border-radius:8px;padding:.7rem;margin:.6rem 0}
        .card:hover,.card:focus-within{background:#f3f6fc}
        .card a.open{display:inline-flex;align-items:center;min-height:44px;font-weight:700}
        .card a.open::after{content:"";position:absolute;inset:0;border-radius:8px}
        .card a.open:focus-visible{outline:none}.card:focus-within{outline:3px solid #0b57d0;outline-offset:2px}
        .urgent{border-color:#b3261e;border-width:2px}.badge{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;background:#e8e8e8}
        .badge.urgent-b{background:#b3261e;color:#fff}.badge.failed{background:#ffdad6;color:#410002}.alert{background:#ffdad6;padding:.6rem;border-radius:6px}
        .saved{background:#d9f2df;color:#0f3d1b;padding:.6rem;border-radius:6px;border-left:4px solid #1e7a3c}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;align-items:baseline}dt{font-weight:600}dd{margin:0}
        @media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
        .transcript{list-style:none;padding:0;margin:0}.line{margin:.5rem 0;padding:.4rem .6rem;border-left:4px solid #ccc}
        .line.visitor{border-color:#0b57d0}.line.crisis{border-color:#b3261e;background:#fff1f0}
        .line .meta{margin:0}.line .text{margin:.2rem 0}.line .prose>:first-child{margin-top:0}.line .prose>:last-child{margin-bottom:0}
        .from{font-weight:600}.flag{color:#8c1d18}.visitor-text,.note-text{white-space:pre-wrap}
        .prose a{padding-block:.25rem}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
        summary{min-height:44px;display:flex;align-items:center;cursor:pointer}
        """;

    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    /// <summary>A link back to a page, sized as a tap target.</summary>
    public static string Back(string href, string text) => $"<a class=\"back\" href=\"{E(href)}\">{E(text)}</a>";

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
                .Append("<a href=\"/staff\">Inbox</a><button type=\"submit\">Sign out</button></form>");
        }
        html.Append("</header>").Append(body).Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
