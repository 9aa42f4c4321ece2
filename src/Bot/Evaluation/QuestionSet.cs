namespace Bot.Evaluation;

/// <summary>One labelled question: `label TAB style TAB question` (tests/Bot.Tests/Data/README.md).</summary>
public sealed record LabelledQuestion(int Index, string Label, string Style, string Text)
{
    public const string Crisis = "crisis", NotCrisis = "not-crisis", Advice = "advice", OutOfScopeNear = "oos-near", OutOfScopeFar = "oos-far";

    public bool InScope => Label is not (Crisis or NotCrisis or Advice or OutOfScopeNear or OutOfScopeFar);

    public bool OutOfScope => Label is OutOfScopeNear or OutOfScopeFar;

    /// <summary>Entry ids accepted as right (ambiguous questions list two).</summary>
    public IReadOnlyList<string> Accepted => InScope ? Label.Split('|') : [];

    /// <summary>Calibrate on odd lines, report on even ones (retrieval.md §6).</summary>
    public bool CalibrationHalf => Index % 2 == 1;
}

public static class QuestionSet
{
    public static IReadOnlyList<LabelledQuestion> Load(string path)
    {
        var result = new List<LabelledQuestion>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length != 3)
            {
                throw new FormatException($"{path}:{lineNo}: expected label<TAB>style<TAB>question");
            }
            result.Add(new LabelledQuestion(result.Count + 1, parts[0].Trim(), parts[1].Trim(), parts[2].Trim()));
        }
        return result;
    }
}
