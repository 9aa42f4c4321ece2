using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Bot.Knowledge;

/// <summary>
/// Reads knowledge/*.md (YAML front matter + markdown answer) and synonyms.txt, and checks them:
/// missing fields, duplicate ids, dangling related ids, empty answers. Problems carry file and line.
/// </summary>
public sealed class KnowledgeLoader
{
    public const string SynonymsFile = "synonyms.txt";

    private static readonly IDeserializer Yaml = new StaticDeserializerBuilder(new FrontMatterYaml())
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public KnowledgeSet Load(string folder)
    {
        var problems = new List<KnowledgeProblem>();
        if (!Directory.Exists(folder))
        {
            throw new KnowledgeException([new KnowledgeProblem(folder, 0, "the knowledge folder does not exist")]);
        }

        var entries = new List<KnowledgeEntry>();
        var firstLineOfId = new Dictionary<string, (string File, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.Equals("README.md", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var entry = ParseFile(path, name, problems);
            if (entry is null)
            {
                continue;
            }
            if (firstLineOfId.TryGetValue(entry.Id, out var first))
            {
                problems.Add(new KnowledgeProblem(name, 2, $"duplicate id '{entry.Id}' (also in {first.File})"));
                continue;
            }
            firstLineOfId[entry.Id] = (name, 2);
            entries.Add(entry);
        }

        foreach (var entry in entries)
        {
            foreach (var related in entry.Related.Where(r => !firstLineOfId.ContainsKey(r)))
            {
                problems.Add(new KnowledgeProblem(entry.File, LineOf(Path.Combine(folder, entry.File), related), $"related id '{related}' does not exist"));
            }
        }

        var synonyms = ReadSynonyms(folder, problems);
        if (entries.Count == 0 && problems.Count == 0)
        {
            problems.Add(new KnowledgeProblem(folder, 0, "no knowledge entries (*.md) found"));
        }
        return new KnowledgeSet(entries, synonyms, problems);
    }

    private static KnowledgeEntry? ParseFile(string path, string name, List<KnowledgeProblem> problems)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            problems.Add(new KnowledgeProblem(name, 1, "missing YAML front matter (the file must start with a '---' line)"));
            return null;
        }
        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            problems.Add(new KnowledgeProblem(name, 1, "front matter is not closed with a '---' line"));
            return null;
        }
        var yaml = text[4..(end + 1)];
        var bodyStart = text.IndexOf('\n', end + 4);
        var body = bodyStart < 0 ? "" : text[(bodyStart + 1)..].Trim();
        var bodyLine = text[..(end + 4)].Count(c => c == '\n') + 2;

        FrontMatter? fm;
        try
        {
            fm = Yaml.Deserialize<FrontMatter>(yaml);
        }
        catch (YamlException ex)
        {
            // +1: the YAML starts on the file's second line.
            var reason = ex.InnerException?.Message ?? ex.Message;
            problems.Add(new KnowledgeProblem(name, (int)ex.Start.Line + 1, $"invalid front matter: {reason}"));
            return null;
        }
        if (fm is null)
        {
            problems.Add(new KnowledgeProblem(name, 2, "empty front matter"));
            return null;
        }

        var before = problems.Count;
        void Require(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new KnowledgeProblem(name, LineOf(path, field + ":"), $"missing field '{field}'"));
            }
        }
        Require(fm.Id, "id");
        Require(fm.Title, "title");
        Require(fm.Source, "source");
        if (fm.Questions is not { Count: > 0 } || fm.Questions.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add(new KnowledgeProblem(name, LineOf(path, "questions:"), "missing field 'questions' (a list of visitor phrasings, none empty)"));
        }
        if (fm.Source is { } src && !Uri.TryCreate(src, UriKind.Absolute, out _))
        {
            problems.Add(new KnowledgeProblem(name, LineOf(path, "source:"), $"source '{src}' is not an absolute URL"));
        }
        if (body.Length == 0)
        {
            problems.Add(new KnowledgeProblem(name, bodyLine, "empty answer (write the answer below the front matter)"));
        }
        var kind = fm.Kind?.Trim().ToLowerInvariant() switch
        {
            null or "" or "answer" => EntryKind.Answer,
            "decline" or "decline-unknown" => EntryKind.DeclineUnknown,
            "decline-advice" => EntryKind.DeclineAdvice,
            var other => Invalid(other),
        };
        EntryKind Invalid(string other)
        {
            problems.Add(new KnowledgeProblem(name, LineOf(path, "kind:"), $"kind '{other}' is not one of answer, decline, decline-advice"));
            return EntryKind.Answer;
        }
        if (problems.Count > before)
        {
            return null;
        }
        return new KnowledgeEntry(
            fm.Id!.Trim(), fm.Title!.Trim(), fm.Questions!.Select(q => q.Trim()).ToArray(),
            (fm.Tags ?? []).ToArray(), fm.Source!.Trim(), (fm.Related ?? []).Select(r => r.Trim()).ToArray(),
            kind, body, name);
    }

    private static int LineOf(string path, string needle)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(needle, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }
        return 1;
    }

    /// <summary>Lines "visitor words, more words => kb word, other": one-way, originals kept.</summary>
    private static IReadOnlyList<SynonymRule> ReadSynonyms(string folder, List<KnowledgeProblem> problems)
    {
        var path = Path.Combine(folder, SynonymsFile);
        if (!File.Exists(path))
        {
            return [];
        }
        var rules = new List<SynonymRule>();
        var n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split("=>");
            var from = parts.Length == 2 ? Split(parts[0]) : [];
            var to = parts.Length == 2 ? Split(parts[1]) : [];
            if (from.Length == 0 || to.Length == 0)
            {
                problems.Add(new KnowledgeProblem(SynonymsFile, n, "expected 'visitor word, ... => kb word, ...'"));
                continue;
            }
            rules.Add(new SynonymRule(from, to));
        }
        return rules;

        static string[] Split(string s) => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    internal sealed class FrontMatter
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public List<string>? Questions { get; set; }
        public List<string>? Tags { get; set; }
        public string? Source { get; set; }
        public List<string>? Related { get; set; }
        public string? Kind { get; set; }
    }
}

/// <summary>The front matter's YAML mapping, generated at build time (YamlDotNet's static context).</summary>
[YamlStaticContext]
[YamlSerializable(typeof(KnowledgeLoader.FrontMatter))]
public sealed partial class FrontMatterYaml : StaticContext;

public sealed record SynonymRule(IReadOnlyList<string> From, IReadOnlyList<string> To);

public sealed record KnowledgeSet(IReadOnlyList<KnowledgeEntry> Entries, IReadOnlyList<SynonymRule> Synonyms, IReadOnlyList<KnowledgeProblem> Problems)
{
    public KnowledgeSet ThrowIfInvalid() => Problems.Count == 0 ? this : throw new KnowledgeException(Problems);
}
