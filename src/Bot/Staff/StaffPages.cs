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

    private static async Task<IResult> ListAsync(string? status, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        status = HandoffStatus.IsValid(status) ? status : null;
        var items = await store.ListAsync(status, ct);
        await store.AuditAsync(Actor(http), "list", null, status, ct);

        var body = new StringBuilder("<nav aria-label=\"Filter by status\"><a href=\"/staff\">All</a>");
        foreach (var s in HandoffStatus.All)
        {
            body.Append($"<a href=\"/staff?status={s}\"{(s == status ? " aria-current=\"page\"" : "")}>{s}</a>");
        }
        body.Append($"<a href=\"/staff/export.csv{(status is null ? "" : "?status=" + status)}\">Export CSV</a>")
            .Append("<a href=\"/staff/erasure\">Erase a visitor's data</a></nav>");
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
            body.Append($"<div class=\"card{(r.Urgent ? " urgent" : "")}\"><a href=\"/staff/requests/{r.Id}\"><b>{E(r.Reference)}</b></a> ")
                .Append(r.Urgent ? "<span class=\"badge urgent-b\">URGENT</span> " : "")
                .Append($"<span class=\"badge\">{E(r.Status)}</span> ")
                .Append(deliveryFailed ? "<span class=\"badge failed\">delivery failed</span> " : "")
                .Append($"<br>{E(r.Name)} · prefers {E(r.PreferredContact)} · {Time(r.CreatedAt)}</div>");
        }
        return Page(http, status is null ? "Requests" : $"Requests: {status}", body.ToString());
    }

    private static async Task<IResult> DetailAsync(Guid id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } r)
        {
            return Page(http, "Not found", "<p>No such request. <a href=\"/staff\">Back to the inbox</a>.</p>", statusCode: 404);
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
            .Append($"<dt>Status</dt><dd>{E(r.Status)}</dd><dt>Received</dt><dd>{Time(r.CreatedAt)}</dd>")
            .Append($"<dt>Name</dt><dd>{E(r.Name)}</dd><dt>Phone</dt><dd>{E(r.Phone ?? "-")}</dd><dt>Email</dt><dd>{E(r.Email ?? "-")}</dd>")
            .Append($"<dt>Prefers</dt><dd>{E(r.PreferredContact)}</dd><dt>Best time</dt><dd>{E(r.BestTime ?? "-")}</dd>")
            .Append($"<dt>Seeking help with</dt><dd>{E(r.Reason ?? "-")}</dd>")
            .Append($"<dt>Consent</dt><dd>{Time(r.ConsentAt)} (privacy notice {E(r.PrivacyNoticeVersion)})</dd>")
            .Append($"<dt>Conversation</dt><dd>{E(r.ConversationId)} ({E(r.Channel)})</dd></dl>");

        var canEdit = !http.User.IsInRole(StaffRoles.ReadOnly);
        if (canEdit)
        {
            body.Append($"<form method=\"post\" action=\"/staff/requests/{id}/status\">{Token(http)}<label>Status <select name=\"status\">");
            foreach (var s in HandoffStatus.All)
            {
                body.Append($"<option{(s == r.Status ? " selected" : "")}>{s}</option>");
            }
            body.Append("</select></label> <button type=\"submit\">Change status</button></form>");
        }

        body.Append("<h2>Delivery to staff</h2>");
        if (deliveries.Count == 0)
        {
            body.Append("<p>No email or webhook is configured; this inbox is the only place it shows.</p>");
        }
        body.Append("<table><tr><th>Channel</th><th>State</th><th>Attempts</th><th>Detail</th></tr>");
        foreach (var d in deliveries)
        {
            var detail = d.State == OutboxState.Sent ? $"sent {Time(d.SentAt!.Value)}"
                : d.State == OutboxState.Pending && d.Attempts > 0 ? $"next try {Time(d.NextAttemptAt!.Value)}; {d.LastError}"
                : d.LastError ?? "";
            body.Append($"<tr><td>{E(d.Channel)}</td><td>{(d.State == OutboxState.Failed ? "<span class=\"badge failed\">failed</span>" : E(d.State))}</td>")
                .Append($"<td>{d.Attempts}</td><td>{E(detail)}</td></tr>");
        }
        body.Append("</table>");

        body.Append("<h2>Transcript</h2>");
        foreach (var line in r.Transcript)
        {
            body.Append($"<p class=\"line\"><span class=\"from\">{E(line.From)}</span> <small>{Time(line.Timestamp)}</small><br>{E(line.Text)}</p>");
        }

        body.Append("<h2>Internal notes</h2>");
        foreach (var note in notes)
        {
            body.Append($"<div class=\"card\"><small>{E(note.Author)} · {Time(note.CreatedAt)}</small><br>{E(note.Text)}</div>");
        }
        if (canEdit)
        {
            body.Append($"<form method=\"post\" action=\"/staff/requests/{id}/notes\">{Token(http)}")
                .Append("<label>Add a note<br><textarea name=\"text\" rows=\"3\" maxlength=\"4000\" required></textarea></label>")
                .Append("<br><button type=\"submit\">Add note</button></form>");
        }

        body.Append("<h2>History</h2><ul>");
        foreach (var entry in audit)
        {
            body.Append($"<li>{Time(entry.At)} {E(entry.Actor)}: {E(entry.Action)}{(entry.Detail is null ? "" : " " + E(entry.Detail))}</li>");
        }
        body.Append("</ul>");
        return Page(http, r.Reference, body.ToString());
    }

    private static async Task<IResult> SetStatusAsync(Guid id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        var status = (await http.Request.ReadFormAsync(ct))["status"].ToString();
        if (!HandoffStatus.IsValid(status))
        {
            return Page(http, "Unknown status", $"<p>Choose one of {string.Join(", ", HandoffStatus.All)}. <a href=\"/staff/requests/{id}\">Back</a></p>", statusCode: 400);
        }
        return await store.SetStatusAsync(id, status, Actor(http), ct)
            ? Results.Redirect($"/staff/requests/{id}")
            : Page(http, "Not found", "<p>No such request.</p>", statusCode: 404);
    }

    private static async Task<IResult> AddNoteAsync(Guid id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        var text = (await http.Request.ReadFormAsync(ct))["text"].ToString().Trim();
        if (text.Length is 0 or > 4000)
        {
            return Page(http, "Empty note", $"<p>Write a note of up to 4000 characters. <a href=\"/staff/requests/{id}\">Back</a></p>", statusCode: 400);
        }
        return await store.AddNoteAsync(id, Actor(http), text, ct)
            ? Results.Redirect($"/staff/requests/{id}")
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
