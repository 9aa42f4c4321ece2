using System.Globalization;
using System.Text;
using static Bot.Staff.StaffHtml;

namespace Bot.Insights;

/// <summary>The dashboard page: the last 30 days in figures and server-drawn SVG bar charts (no scripts, phone width first).</summary>
public static class InsightsDashboard
{
    public static async Task<IResult> PageAsync(HttpContext http, InsightsSummary summary, CancellationToken ct)
    {
        var f = await summary.ReadAsync(ct);
        var body = new StringBuilder(InsightsPages.Nav("dashboard"));
        body.Append($"<p>The last {f.Days} days, since {f.Since:yyyy-MM-dd}.</p>")
            .Append("<dl>")
            .Append($"<dt>Conversations</dt><dd>{f.Conversations}</dd>")
            .Append($"<dt>Crisis replies shown</dt><dd>{f.CrisisRepliesShown}</dd>")
            .Append($"<dt>Answers rated helpful</dt><dd>{Ratio(f.Feedback)}</dd>")
            .Append($"<dt>Median time to first contact</dt><dd>{Hours(f.MedianHoursToFirstContact)}</dd>")
            .Append("</dl>");
        body.Append(Bars("questions", "Questions",
            [("Answered", f.Answered), ("Did you mean", f.Clarified), ("Declined", f.Declined), ("Unanswered", f.Unanswered)]));
        body.Append(Bars("topics", "Top topics", f.TopTopics.Select(t => (t.Title, t.Count)).ToList()));
        body.Append(Bars("feedback", "Feedback", [("Helpful", f.Feedback.Helpful), ("Not helpful", f.Feedback.NotHelpful)]));
        body.Append(Bars("funnel", "Free assessment requests",
            [("Started", f.Intake.Started), ("Completed", f.Intake.Completed), ("Contacted", f.Intake.Contacted), ("Scheduled", f.Intake.Scheduled)]));
        body.Append(Bars("abandoned", "Stopped before sending, by step", f.Intake.AbandonedAt.Select(s => (StepLabel(s.Step), s.Count)).ToList()));
        return Page(http, "Dashboard", body.ToString());
    }

    private static string Ratio(FeedbackFigures feedback) => feedback.HelpfulRatio is { } ratio
        ? $"{Math.Round(ratio * 100)}% ({feedback.Helpful} of {feedback.Helpful + feedback.NotHelpful} votes)"
        : "no votes yet";

    private static string Hours(double? hours) => hours switch
    {
        null => "no contacts yet",
        < 1 => $"{Math.Round(hours.Value * 60)} minutes",
        _ => $"{hours.Value.ToString("0.#", CultureInfo.InvariantCulture)} hours",
    };

    private static string StepLabel(string step) => step switch
    {
        "PreferredContact" => "Preferred contact",
        "BestTime" => "Best time",
        "Adult" => "Age check",
        "ChoosingEdit" => "Editing",
        "StaleCheck" => "Came back later",
        _ => step,
    };

    /// <summary>A horizontal bar chart: label above each bar, the value at its end; scales to any width.</summary>
    private static string Bars(string id, string title, IReadOnlyList<(string Label, int Value)> rows)
    {
        var html = new StringBuilder($"<section aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{E(title)}</h2>");
        if (rows.Count == 0 || rows.All(r => r.Value == 0))
        {
            return html.Append("<p>Nothing yet.</p></section>").ToString();
        }
        const int width = 300, rowHeight = 40;
        var max = Math.Max(1, rows.Max(r => r.Value));
        html.Append($"<svg role=\"img\" aria-labelledby=\"{id}-t\" viewBox=\"0 0 {width + 20} {rows.Count * rowHeight}\" width=\"100%\" style=\"max-width:36rem\">")
            .Append($"<title id=\"{id}-t\">{E(title)}: ").Append(E(string.Join(", ", rows.Select(r => $"{r.Label} {r.Value}")))).Append("</title>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = i * rowHeight;
            var bar = Math.Max(2, (int)Math.Round((width - 50) * (double)value / max));
            html.Append($"<text x=\"0\" y=\"{y + 14}\" font-size=\"13\" fill=\"#1a1a1a\">{E(label)}</text>")
                .Append($"<rect x=\"0\" y=\"{y + 19}\" width=\"{bar}\" height=\"14\" rx=\"2\" fill=\"#0b57d0\"></rect>")
                .Append($"<text x=\"{bar + 6}\" y=\"{y + 31}\" font-size=\"13\" fill=\"#1a1a1a\">{value}</text>");
        }
        html.Append("</svg><table><tr><th>").Append(E(title)).Append("</th><th>Count</th></tr>");
        foreach (var (label, value) in rows)
        {
            html.Append($"<tr><td>{E(label)}</td><td>{value}</td></tr>");
        }
        return html.Append("</table></section>").ToString();
    }
}
