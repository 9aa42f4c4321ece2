namespace Bot.Evaluation;

/// <summary>
/// One labelled message: `label TAB style TAB text` (tests/Bot.Tests/Data/README.md; the sets written blind use the
/// same shape with a category in the middle column, tests/Bot.Tests/Data/unseen/README.md).
/// </summary>
public sealed record LabelledQuestion(int Index, string Label, string Style, string Text)
{
    public const string Crisis = "crisis", NotCrisis = "not-crisis", Advice = "advice", OutOfScopeNear = "oos-near", OutOfScopeFar = "oos-far";

    /// <summary>Labels of the sets written blind: a question about ketamine and suicidal thoughts, off-topic, a dose, a booking request.</summary>
    public const string KetamineSuicidality = "ketamine-suicidality", OffTopic = "out-of-scope", Dose = "dose", Booking = "booking";

    public bool InScope => Label is not (Crisis or NotCrisis or Advice or OutOfScopeNear or OutOfScopeFar or KetamineSuicidality or OffTopic or Dose or Booking);

    public bool OutOfScope => Label is OutOfScopeNear or OutOfScopeFar or OffTopic;

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
