using System.Security.Claims;
using System.Text;
using Bot.Knowledge;
using Bot.Staff;
using static Bot.Staff.StaffHtml;

namespace Bot.Insights;

/// <summary>The inbox's insights pages: the questions the bot could not answer (attach or dismiss) and the export of attached phrasings.</summary>
public static class InsightsPages
{
    public static void MapInsightsPages(this RouteGroupBuilder insights)
    {
        insights.MapGet("/", InsightsDashboard.PageAsync);
        insights.MapGet("/unanswered", UnansweredAsync);
        insights.MapPost("/unanswered/{id}/attach", AttachAsync).RequireAuthorization(StaffSignIn.EditPolicy);
        insights.MapPost("/unanswered/{id}/dismiss", DismissAsync).RequireAuthorization(StaffSignIn.EditPolicy);
        insights.MapGet("/phrasings/{entryId}.md", ExportAsync);
    }

    internal static string Nav(string current) =>
        "<nav aria-label=\"Insights\"><ul class=\"links\">" +
        $"<li><a href=\"/staff/insights\"{(current == "dashboard" ? " aria-current=\"page\"" : "")}>Dashboard</a></li>" +
        $"<li><a href=\"/staff/insights/unanswered\"{(current == "unanswered" ? " aria-current=\"page\"" : "")}>Unanswered questions</a></li></ul></nav>";

    private static string Actor(HttpContext http) => "staff:" + (http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown");

    private static async Task<IResult> UnansweredAsync(string? saved, HttpContext http, InsightsStore store, KnowledgeIndex index, CancellationToken ct)
    {
        var groups = await store.UnansweredAsync(200, ct);
        var canEdit = !http.User.IsInRole(StaffRoles.ReadOnly);
        var body = new StringBuilder(Nav("unanswered"));
        body.Append(saved switch
        {
            "attached" => "<p class=\"saved\" role=\"status\">Attached: the bot answers that question from the entry now.</p>",
            "dismissed" => "<p class=\"saved\" role=\"status\">Marked out of scope.</p>",
            _ => "",
        });
        if (groups.Count == 0)
        {
            body.Append("<p>No unanswered questions right now.</p>");
        }
        var entries = index.Entries.Values.OrderBy(e => e.Title, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var (g, n) in groups.Select((g, n) => (g, n)))
        {
            body.Append($"<div class=\"card\"><p><b>{E(g.Question)}</b> <span class=\"badge\">asked {g.Count}×</span></p>")
                .Append($"<p><small>First {g.FirstSeen:yyyy-MM-dd}, last {g.LastSeen:yyyy-MM-dd}</small></p>");
            if (g.Examples.Count > 1)
            {
                body.Append("<ul>");
                foreach (var example in g.Examples)
                {
                    body.Append($"<li>{E(example)}</li>");
                }
                body.Append("</ul>");
            }
            if (canEdit)
            {
                body.Append($"<form method=\"post\" action=\"/staff/insights/unanswered/{E(g.Id)}/attach\">{Token(http)}")
                    .Append($"<label for=\"entry-{n}\">Answer it with</label> <select id=\"entry-{n}\" name=\"entryId\">");
                foreach (var entry in entries)
                {
                    body.Append($"<option value=\"{E(entry.Id)}\">{E(entry.Title)}</option>");
                }
                body.Append("</select> <button type=\"submit\">Attach as a phrasing</button></form>")
                    .Append($"<form method=\"post\" action=\"/staff/insights/unanswered/{E(g.Id)}/dismiss\">{Token(http)}")
                    .Append("<button type=\"submit\">Out of scope</button></form>");
            }
            body.Append("</div>");
        }
        var attached = (await store.PhrasingsAsync(ct)).GroupBy(p => p.EntryId).ToList();
        if (attached.Count > 0)
        {
            body.Append("<h2>Attached phrasings</h2><p>To keep them in the knowledge files, download an entry's file and commit it over <code>knowledge/</code>.</p><ul class=\"links\">");
            foreach (var group in attached)
            {
                body.Append($"<li><a href=\"/staff/insights/phrasings/{E(group.Key)}.md\">{E(group.Key)}.md ({group.Count()})</a></li>");
            }
            body.Append("</ul>");
        }
        return Page(http, "Unanswered questions", body.ToString());
    }

    private static async Task<IResult> AttachAsync(string id, HttpContext http, InsightsActions actions, KnowledgeIndex index, CancellationToken ct)
    {
        var entryId = (await http.Request.ReadFormAsync(ct))["entryId"].ToString();
        if (!index.Entries.ContainsKey(entryId))
        {
            return Page(http, "Unknown entry", $"<p>Pick one of the entries in the list.</p><p>{Back("/staff/insights/unanswered", "Back")}</p>", statusCode: 400);
        }
        return await actions.AttachAsync(id, entryId, Actor(http), ct)
            ? Results.Redirect("/staff/insights/unanswered?saved=attached")
            : Page(http, "Not found", $"<p>That question was attached or dismissed already.</p><p>{Back("/staff/insights/unanswered", "Back")}</p>", statusCode: 404);
    }

    private static async Task<IResult> DismissAsync(string id, HttpContext http, InsightsActions actions, CancellationToken ct) =>
        await actions.DismissAsync(id, Actor(http), ct)
            ? Results.Redirect("/staff/insights/unanswered?saved=dismissed")
            : Page(http, "Not found", $"<p>That question was attached or dismissed already.</p><p>{Back("/staff/insights/unanswered", "Back")}</p>", statusCode: 404);

    /// <summary>The entry's knowledge file with the attached phrasings added to its questions, ready to commit.</summary>
    private static async Task<IResult> ExportAsync(string entryId, HttpContext http, InsightsStore store, KnowledgeFolder folder, CancellationToken ct)
    {
        var file = folder.Initial.Entries.FirstOrDefault(e => e.Id == entryId)?.File;
        var path = file is null ? null : Path.Combine(folder.Path, file);
        if (path is null || !File.Exists(path))
        {
            return Page(http, "Not found", $"<p>No such knowledge file.</p><p>{Back("/staff/insights/unanswered", "Back")}</p>", statusCode: 404);
        }
        var phrasings = (await store.PhrasingsAsync(ct)).Where(p => p.EntryId == entryId).Select(p => p.Question);
        var text = KnowledgeExport.WithQuestions(await File.ReadAllTextAsync(path, ct), phrasings);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(text), "text/markdown; charset=utf-8", file);
    }
}
