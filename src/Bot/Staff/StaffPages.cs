using System.Security.Claims;
using System.Text;
using Bot.Handoff;
using static Bot.Staff.StaffHtml;

namespace Bot.Staff;

/// <summary>The signed-in inbox: list, detail with transcript, status, notes, CSV export. Every view is audited.</summary>
public static class StaffPages
{
    public static void MapStaffPages(this RouteGroupBuilder staff)
    {
        staff.MapGet("/", ListAsync);
        staff.MapGet("/requests/{id:guid}", DetailAsync);
        staff.MapPost("/requests/{id:guid}/status", SetStatusAsync).RequireAuthorization(StaffSignIn.EditPolicy);
        staff.MapPost("/requests/{id:guid}/notes", AddNoteAsync).RequireAuthorization(StaffSignIn.EditPolicy);
        staff.MapGet("/export.csv", ExportAsync);
    }

    private static string Actor(HttpContext http) => http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    private static async Task<IResult> ListAsync(string? status, HttpContext http, HandoffStore store, StaffDisplay display, CancellationToken ct)
    {
        status = HandoffStatus.IsValid(status) ? status : null;
        var items = await store.ListAsync(status, ct);
        await store.AuditAsync(Actor(http), "list", null, status, ct);

        // The active filter is told three ways: aria-current, a filled button look, and the page heading.
        var body = new StringBuilder("<nav aria-label=\"Filter by status\"><ul class=\"links\">")
            .Append($"<li><a href=\"/staff\"{(status is null ? " aria-current=\"page\"" : "")}>All</a></li>");
        foreach (var s in HandoffStatus.All)
        {
            body.Append($"<li><a href=\"/staff?status={s}\"{(s == status ? " aria-current=\"page\"" : "")}>{s}</a></li>");
        }
        body.Append("</ul></nav><ul class=\"links\">")
            .Append($"<li><a href=\"/staff/export.csv{(status is null ? "" : "?status=" + status)}\">Export CSV</a></li>")
            .Append("<li><a href=\"/staff/erasure\">Erase a visitor's data</a></li>")
            .Append("<li><a href=\"/staff/insights\">Dashboard</a></li><li><a href=\"/staff/insights/unanswered\">Unanswered questions</a></li></ul>");
        var failed = items.Count(i => i.DeliveryFailed);
        if (failed > 0)
        {
            body.Append($"<p class=\"alert\" role=\"alert\">{failed} request(s) could not be delivered by email or webhook. Open them to see why.</p>");
        }
        if (items.Count == 0)
        {
            body.Append("<p>No requests").Append(status is null ? "" : $" with status {status}").Append(".</p>");
        }
        foreach (var (r, deliveryFailed) in items)
        {
            // The reference is the link; its ::after covers the card, so the whole card is one big tap target.
            body.Append($"<div class=\"card{(r.Urgent ? " urgent" : "")}\"><a class=\"open\" href=\"/staff/requests/{r.Id}\">{E(r.Reference)}</a> ")
                .Append(r.Urgent ? "<span class=\"badge urgent-b\">URGENT</span> " : "")
                .Append($"<span class=\"badge\">{E(r.Status)}</span> ")
                .Append(deliveryFailed ? "<span class=\"badge failed\">delivery failed</span> " : "")
                .Append($"<br>{E(r.Name)} · prefers {E(r.PreferredContact)} · {display.Time(r.CreatedAt)}</div>");
        }
        return Page(http, status is null ? "Requests: all" : $"Requests: {status}", body.ToString());
    }

    private static async Task<IResult> DetailAsync(Guid id, string? saved, HttpContext http, HandoffStore store, StaffDisplay display, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } r)
        {
            return Page(http, "Not found", $"<p>No such request.</p><p>{Back("/staff", "Back to the inbox")}</p>", statusCode: 404);
        }
        await store.AuditAsync(Actor(http), "view", id, null, ct);
        var notes = await store.NotesAsync(id, ct);
        var deliveries = await store.DeliveriesAsync(id, ct);
        var audit = await store.AuditTrailAsync(id, ct);

        var body = new StringBuilder();
        if (r.Urgent)
        {
            body.Append("<p class=\"alert\"><b>URGENT</b>: crisis language came up in this conversation.</p>");
        }
        body.Append("<dl>")
            .Append($"<dt>Status</dt><dd>{E(r.Status)}</dd><dt>Received</dt><dd>{display.Time(r.CreatedAt)}</dd>")
            .Append($"<dt>Name</dt><dd>{E(r.Name)}</dd><dt>Phone</dt><dd>{display.PhoneLink(r.Phone)}</dd><dt>Email</dt><dd>{StaffDisplay.EmailLink(r.Email)}</dd>")
            .Append($"<dt>Prefers</dt><dd>{E(r.PreferredContact)}</dd><dt>Best time</dt><dd>{E(r.BestTime ?? "-")}</dd>")
            .Append($"<dt>Seeking help with</dt><dd>{E(r.Reason ?? "-")}</dd>")
            .Append($"<dt>Consent</dt><dd>{display.Time(r.ConsentAt)} (privacy notice {E(r.PrivacyNoticeVersion)})</dd>")
            .Append($"<dt>Conversation</dt><dd>{E(r.ConversationId)} ({E(r.Channel)})</dd></dl>");

        // After a change the page comes back here (Post/Redirect/Get with a #fragment), and says what was saved.
        var canEdit = !http.User.IsInRole(StaffRoles.ReadOnly);
        body.Append("<section id=\"status\" aria-labelledby=\"status-h\"><h2 id=\"status-h\">Status</h2>");
        if (saved == "status")
        {
            body.Append($"<p class=\"saved\" role=\"status\">Saved: the status is now {E(r.Status)}.</p>");
        }
        if (canEdit)
        {
            body.Append($"<form method=\"post\" action=\"/staff/requests/{id}/status\">{Token(http)}<label>Status <select name=\"status\">");
            foreach (var s in HandoffStatus.All)
            {
                body.Append($"<option{(s == r.Status ? " selected" : "")}>{s}</option>");
            }
            body.Append("</select></label> <button type=\"submit\">Change status</button></form>");
        }
        else
        {
            body.Append($"<p>{E(r.Status)} (your account can read but not change it)</p>");
        }
        body.Append("</section>");

        body.Append("<h2>Delivery to staff</h2>");
        if (deliveries.Count == 0)
        {
            body.Append("<p>No email or webhook is configured; this inbox is the only place it shows.</p>");
        }
        else
        {
            body.Append("<table><tr><th>Channel</th><th>State</th><th>Attempts</th><th>Detail</th></tr>");
            foreach (var d in deliveries)
            {
                var detail = d.State == OutboxState.Sent ? $"sent {display.Time(d.SentAt!.Value)}"
                    : d.State == OutboxState.Pending && d.Attempts > 0 ? $"next try {display.Time(d.NextAttemptAt!.Value)}; {E(d.LastError)}"
                    : E(d.LastError);
                body.Append($"<tr><td>{E(d.Channel)}</td><td>{(d.State == OutboxState.Failed ? "<span class=\"badge failed\">failed</span>" : E(d.State))}</td>")
                    .Append($"<td>{d.Attempts}</td><td>{detail}</td></tr>");
            }
            body.Append("</table>");
        }

        body.Append("<h2>Transcript</h2>").Append(display.Transcript(r));

        body.Append("<section id=\"notes\" aria-labelledby=\"notes-h\"><h2 id=\"notes-h\">Internal notes</h2>");
        if (saved == "note")
        {
            body.Append("<p class=\"saved\" role=\"status\">Saved: your note is the last one below.</p>");
        }
        foreach (var note in notes)
        {
            body.Append($"<div class=\"card\"><small>{E(note.Author)} · {display.Time(note.CreatedAt)}</small><p class=\"note-text\">{E(note.Text)}</p></div>");
        }
        if (canEdit)
        {
            body.Append($"<form method=\"post\" action=\"/staff/requests/{id}/notes\">{Token(http)}")
                .Append("<label>Add a note<br><textarea name=\"text\" rows=\"3\" maxlength=\"4000\" required></textarea></label>")
                .Append("<br><button type=\"submit\">Add note</button></form>");
        }
        body.Append("</section>");

        body.Append(History(audit, display));
        return Page(http, r.Reference, body.ToString());
    }

    /// <summary>Changes in full; views stay in the audit log but fold into one line, so the changes are not buried.</summary>
    private static string History(IReadOnlyList<AuditEntry> audit, StaffDisplay display)
    {
        static string Line(AuditEntry entry, StaffDisplay display) =>
            $"<li>{display.Time(entry.At)} {E(entry.Actor)}: {E(entry.Action)}{(entry.Detail is null ? "" : ": " + E(entry.Detail))}</li>";
        var html = new StringBuilder("<h2>History</h2><ul>");
        foreach (var entry in audit.Where(e => e.Action != "view"))
        {
            html.Append(Line(entry, display));
        }
        html.Append("</ul>");
        var views = audit.Where(e => e.Action == "view").ToList();
        if (views.Count > 0)
        {
            html.Append($"<details><summary>{views.Count} view{(views.Count == 1 ? "" : "s")}</summary><ul>");
            foreach (var entry in views)
            {
                html.Append(Line(entry, display));
            }
            html.Append("</ul></details>");
        }
        return html.ToString();
    }

    private static async Task<IResult> SetStatusAsync(Guid id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        var status = (await http.Request.ReadFormAsync(ct))["status"].ToString();
        if (!HandoffStatus.IsValid(status))
        {
            return Page(http, "Unknown status", $"<p>Choose one of {string.Join(", ", HandoffStatus.All)}.</p><p>{Back($"/staff/requests/{id}", "Back")}</p>", statusCode: 400);
        }
        return await store.SetStatusAsync(id, status, Actor(http), ct)
            ? Results.Redirect($"/staff/requests/{id}?saved=status#status")
            : Page(http, "Not found", "<p>No such request.</p>", statusCode: 404);
    }

    private static async Task<IResult> AddNoteAsync(Guid id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        var text = (await http.Request.ReadFormAsync(ct))["text"].ToString().Trim();
        if (text.Length is 0 or > 4000)
        {
            return Page(http, "Empty note", $"<p>Write a note of up to 4000 characters.</p><p>{Back($"/staff/requests/{id}", "Back")}</p>", statusCode: 400);
        }
        return await store.AddNoteAsync(id, Actor(http), text, ct)
            ? Results.Redirect($"/staff/requests/{id}?saved=note#notes")
            : Page(http, "Not found", "<p>No such request.</p>", statusCode: 404);
    }

    private static async Task<IResult> ExportAsync(string? status, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        status = HandoffStatus.IsValid(status) ? status : null;
        var items = await store.ListAsync(status, ct);
        await store.AuditAsync(Actor(http), "export", null, status, ct);
        var csv = new StringBuilder("id,reference,createdAt,status,urgent,name,phone,email,preferredContact,bestTime,reason,consentAt,conversationId\r\n");
        foreach (var (r, _) in items)
        {
            string[] row = [r.Id.ToString(), r.Reference, r.CreatedAt.ToString("O"), r.Status, r.Urgent ? "true" : "false", r.Name,
                r.Phone ?? "", r.Email ?? "", r.PreferredContact, r.BestTime ?? "", r.Reason ?? "", r.ConsentAt.ToString("O"), r.ConversationId];
            csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"handoffs-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    /// <summary>RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && (value[0] is '=' or '@' or '\t' or '\r' || (value[0] is '+' or '-' && !value[1..].All(char.IsAsciiDigit))))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
