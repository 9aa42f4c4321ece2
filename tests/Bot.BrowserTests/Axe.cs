using System.Text.Json;
using Microsoft.Playwright;

namespace Bot.BrowserTests;

/// <summary>
/// axe-core (pinned in this folder's package-lock.json, installed by ./test.sh) run inside a page or frame by the
/// test, never served by the app: the WCAG 2.0-2.2 A and AA rules, and what they found, one line per node.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(path), $"axe-core is missing at {Path.GetFullPath(path)}: run ./test.sh (npm ci in tests/Bot.BrowserTests)");
        return File.ReadAllText(path);
    });

    public static readonly string[] Wcag22AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>The violations in <paramref name="frame"/> (a page's main frame or an iframe), as "rule: target (summary)" lines.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IFrame frame)
    {
        await frame.EvaluateAsync(Script.Value);
        var json = await frame.EvaluateAsync<string>(
            "async tags => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations)", Wcag22AA);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .SelectMany(v => v.GetProperty("nodes").EnumerateArray().Select(n =>
                $"{v.GetProperty("id").GetString()}: {string.Join(" ", n.GetProperty("target").EnumerateArray())} ({n.GetProperty("failureSummary").GetString()?.Replace('\n', ' ')})"))
            .ToList();
    }

    public static Task<IReadOnlyList<string>> ViolationsAsync(IPage page) => ViolationsAsync(page.MainFrame);
}
