namespace Bot.Insights;

/// <summary>Writes attached phrasings into a knowledge file's front matter, as one more item each under "questions:".</summary>
public static class KnowledgeExport
{
    public static string WithQuestions(string file, IEnumerable<string> phrasings)
    {
        var lines = file.Replace("\r\n", "\n").Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == "questions:");
        if (start < 0)
        {
            return file;
        }
        var end = start + 1;
        while (end < lines.Count && lines[end].TrimStart().StartsWith("- ", StringComparison.Ordinal) && lines[end].StartsWith(' '))
        {
            end++;
        }
        var existing = lines[(start + 1)..end].Select(l => l.TrimStart()[2..].Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Quoted, so a question with a colon or a leading symbol stays one YAML string.
        var added = phrasings.Where(p => existing.Add(p)).Select(p => "  - \"" + p.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
        lines.InsertRange(end, added);
        return string.Join('\n', lines);
    }
}
