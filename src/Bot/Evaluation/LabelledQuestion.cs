namespace Bot.Evaluation;

/// <summary>One line of tests/Bot.Tests/Data/questions.tsv: label (entry ids joined by '|', or a special label), style, text.</summary>
public sealed record LabelledQuestion(string Label, string Style, string Text, int Index)
{
    public const string OosNear = "oos-near", OosFar = "oos-far";
    private static readonly HashSet<string> Special = new(StringComparer.Ordinal) { OosNear, OosFar, "crisis", "not-crisis", "advice" };

    public IReadOnlyList<string> Ids => Special.Contains(Label) ? [] : Label.Split('|');
    public bool InScope => !Special.Contains(Label);
    public bool OutOfScope => Label is OosNear or OosFar;

    /// <summary>Odd question lines calibrate, even ones are held back (counting from 1, comments skipped).</summary>
    public bool Calibration => Index % 2 == 1;

    public static IReadOnlyList<LabelledQuestion> Load(string path)
    {
        var result = new List<LabelledQuestion>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length == 3)
            {
                result.Add(new LabelledQuestion(parts[0].Trim(), parts[1].Trim(), parts[2].Trim(), result.Count + 1));
            }
        }
        return result;
    }
}
