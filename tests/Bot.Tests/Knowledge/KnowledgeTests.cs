using System.Diagnostics;
using Bot.Knowledge;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Knowledge;

public sealed class KnowledgeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-").FullName;

    private const string Source = "https://pasitheaclinics.com/blog/what-does-ketamine-feel-like/";

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_folder, name), content);

    private void Entry(string id, string title, string[] questions, string answer, params string[] related) => Write(id + ".md", $"""
        ---
        id: {id}
        title: {title}
        questions:
        {string.Join("\n", questions.Select(q => "  - " + q))}
        tags: [test]
        source: {Source}
        related: [{string.Join(", ", related)}]
        ---
        {answer}
        """);

    [Fact]
    public void TheRealKnowledgeFolderHasNoProblems()
    {
        var set = new KnowledgeLoader().Load(Path.Combine(BotApplication.RepoRoot, "knowledge"));
        Assert.Empty(set.Problems);
        Assert.InRange(set.Entries.Count, 30, 60);
        Assert.All(set.Entries, e => Assert.DoesNotContain("MDMA", e.Answer));
    }

    [Fact]
    public void ProblemsNameTheFileTheLineAndTheReason()
    {
        Entry("good", "Good", ["a question"], "An answer.", "missing-one");
        Entry("dup", "Dup one", ["q"], "Answer.");
        Write("dup2.md", $"---\nid: dup\ntitle: Dup two\nquestions:\n  - q2\nsource: {Source}\n---\nAnswer.\n");
        Write("empty.md", $"---\nid: empty\ntitle: Empty\nquestions:\n  - q\nsource: {Source}\n---\n\n");
        Write("nofields.md", "---\nid: nofields\n---\nSome answer.\n");
        Write("broken.md", "---\nid: [unclosed\n---\nx\n");
        Write("nofront.md", "Just text.\n");

        var problems = new KnowledgeLoader().Load(_folder).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("good.md:8:", StringComparison.Ordinal) && p.Contains("related id 'missing-one' does not exist"));
        Assert.Contains(problems, p => p.StartsWith("dup2.md:", StringComparison.Ordinal) && p.Contains("duplicate id 'dup'"));
        Assert.Contains(problems, p => p.StartsWith("empty.md:", StringComparison.Ordinal) && p.Contains("empty answer"));
        Assert.Contains(problems, p => p.StartsWith("nofields.md:", StringComparison.Ordinal) && p.Contains("missing field 'title'"));
        Assert.Contains(problems, p => p.StartsWith("nofields.md:", StringComparison.Ordinal) && p.Contains("missing field 'questions'"));
        Assert.Contains(problems, p => p.StartsWith("broken.md:2:", StringComparison.Ordinal) && p.Contains("invalid front matter"));
        Assert.Contains(problems, p => p.StartsWith("nofront.md:1:", StringComparison.Ordinal) && p.Contains("front matter"));
    }

    [Fact]
    public async Task KbCheckCommandReportsProblemsAndExitsNonZero()
    {
        Entry("good", "Good", ["a question"], "An answer.", "nope");
        var (exit, stdout, _) = await RunBotAsync("kb", "check", _folder);
        Assert.Equal(1, exit);
        Assert.Contains("good.md:8: related id 'nope' does not exist", stdout);

        var (okExit, okOut, _) = await RunBotAsync("kb", "check");
        Assert.Equal(0, okExit);
        Assert.StartsWith("OK:", okOut.Trim());
    }

    [Fact]
    public async Task ABrokenFileAtStartUpGivesAClearErrorNotAStackTrace()
    {
        Write("broken.md", "---\nid: broken\n---\n\n");
        var (exit, _, stderr) = await RunBotAsync(new Dictionary<string, string> { ["Knowledge__Path"] = _folder, ["Urls"] = "http://127.0.0.1:0" });
        Assert.Equal(1, exit);
        Assert.Contains("broken.md:", stderr);
        Assert.Contains("missing field 'title'", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void TitlesAndQuestionsOutrankBodyText()
    {
        Entry("nausea", "Nausea and eating", ["will i feel sick", "can i eat before"], "Nausea is uncommon.");
        Entry("heart", "Heart and breathing", ["is it safe for my heart"], "We watch blood pressure. Feeling sick is rare.");
        Write("synonyms.txt", "throw up, puke => sick, nausea\n");
        using var index = new KnowledgeIndex();
        index.Rebuild(new KnowledgeLoader().Load(_folder).ThrowIfInvalid());

        Assert.Equal("nausea", index.Search("will i throw up").Hits[0].Entry.Id);
        Assert.Equal("nausea", index.Search("feel sick").Hits[0].Entry.Id);
        Assert.Equal("heart", index.Search("is it safe for my hart").Hits[0].Entry.Id);
        Assert.True(index.Search("how?").Vague);
        Assert.Empty(index.Search("zzzz qqqq").Hits);
    }

    [Fact]
    public async Task EditingAFileWhileRunningRebuildsTheIndexInTheBackground()
    {
        Entry("alpha", "Alpha topic", ["tell me about alpha"], "Alpha answer.");
        await using var app = new BotApplication(new Dictionary<string, string?>
        {
            ["Knowledge:Path"] = _folder,
            ["Knowledge:WatchForChanges"] = "true",
        });
        var bot = new BotClient(app.CreateClient());
        Assert.Equal("Alpha topic", (await bot.AskAsync("tell me about alpha")).CitedTitle());

        Entry("beta", "Beta topic", ["what about the beta thing"], "Beta answer.");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? cited = null;
        while (DateTime.UtcNow < deadline && cited != "Beta topic")
        {
            await Task.Delay(200);
            cited = (await new BotClient(app.CreateClient()).AskAsync("what about the beta thing")).CitedTitle();
        }
        Assert.Equal("Beta topic", cited);
    }

    /// <summary>Runs the built Bot.dll as a real process (the same build the tests reference).</summary>
    internal static Task<(int Exit, string Stdout, string Stderr)> RunBotAsync(IReadOnlyDictionary<string, string>? env, params string[] args) =>
        RunAsync("dotnet", env, [Path.Combine(AppContext.BaseDirectory, "Bot.dll"), .. args]);

    /// <summary>Runs a program from the repo root to its exit (at most a minute).</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string program, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BotApplication.RepoRoot };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunBotAsync(params string[] args) => RunBotAsync(null, args);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
