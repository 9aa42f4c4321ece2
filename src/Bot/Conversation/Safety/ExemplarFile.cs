namespace Bot.Conversation.Safety;

/// <summary>An exemplar file embedded in the assembly: one exemplar a line, fields split by tabs, blank lines and # comments skipped.</summary>
public static class ExemplarFile
{
    public static IEnumerable<string[]> Read(string resourceName)
    {
        using var stream = typeof(ExemplarFile).Assembly.GetManifestResourceStream(resourceName)
                           ?? throw new InvalidOperationException($"{resourceName} is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        var lines = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                lines.Add(line.Split('\t'));
            }
        }
        return lines;
    }
}
