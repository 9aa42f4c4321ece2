using Bot.Conversation;
using Microsoft.Extensions.Options;

namespace Bot.Evaluation;

/// <summary>
/// `eval unseen [open|sealed|FOLDER] [--misses]`: the sets written blind (tests/Bot.Tests/Data/unseen/README.md), totals
/// per label and category. `--misses` lists the wrong ones, never for the sealed half. A folder of another blind set
/// in the same format (a check written later, say) can be named instead of a half.
/// </summary>
public static class UnseenCommand
{
    public static string Folder(string half) => half is "open" or "sealed" ? Path.Combine(AppPaths.ContentRoot(), "tests/Bot.Tests/Data/unseen", half) : Path.GetFullPath(half);

    public static async Task<int> RunAsync(IServiceProvider services, string half, bool misses)
    {
        if (!Directory.Exists(Folder(half)) || (misses && half == "sealed"))
        {
            await Console.Error.WriteLineAsync("usage: eval unseen open|FOLDER [--misses] | eval unseen sealed (totals only)");
            return 2;
        }
        var report = await UnseenReport.RunAsync(services, Folder(half));
        Console.WriteLine(report.Render());
        if (misses)
        {
            var scan = services.GetRequiredService<Conversation.Safety.StaticExemplarScan>();
            foreach (var o in report.Messages.Where(o => !o.Correct))
            {
                Console.WriteLine($"MISS [{o.Question.Label}/{o.Question.Style}] {o.Question.Text} -> {o.Kind} {o.AnsweredId}");
                if (o.Kind == ReplyKind.Crisis && o.Question.Label != LabelledQuestion.Crisis)
                {
                    // A false alarm: what the static table found it nearest to (the whole message).
                    var near = scan.Measure(o.Question.Text).Crisis;
                    Console.WriteLine($"     static: crisis {near.Crisis:0.000} safe {near.Safe:0.000} distress {near.Distress:0.000}, nearest crisis [{near.NearestCrisis.Category}] {near.NearestCrisis.Text}");
                }
            }
            foreach (var t in report.Turns.Where(t => !t.Correct))
            {
                Console.WriteLine($"MISS [{t.Turn.Conversation}.{t.Turn.Number} {t.Turn.Expect}] {t.Turn.Text} -> {t.Kind} {t.AnsweredId}" +
                                  $"{(t.Kept988 ? "" : " (no 988)")}{(t.PitchesBooking ? " (booking pitch)" : "")}");
            }
        }
        return 0;
    }
}

/// <summary>One run of a half of the blind sets: every message and every scripted conversation, with the issue's figures.</summary>
public sealed record UnseenReport(IReadOnlyList<QuestionOutcome> Messages, IReadOnlyList<TurnOutcome> Turns)
{
    public static async Task<UnseenReport> RunAsync(IServiceProvider services, string folder)
    {
        var evaluator = services.GetService<Evaluator>() ?? ActivatorUtilities.CreateInstance<Evaluator>(services);
        var files = Directory.GetFiles(folder, "*.tsv").Order(StringComparer.Ordinal).ToArray();
        var messages = files.Where(f => Path.GetFileName(f) != "conversations.tsv").SelectMany(QuestionSet.Load).ToList();
        var outcomes = await evaluator.RunAsync(messages);
        var conversations = files.Where(f => Path.GetFileName(f) == "conversations.tsv").SelectMany(ConversationSet.Load).ToList();
        var turns = await ConversationSet.RunAsync(services.GetRequiredService<TurnHandler>(), evaluator, conversations,
            services.GetRequiredService<IOptions<ConversationOptions>>().Value.SupportiveTurns);
        return new UnseenReport(outcomes, turns);
    }

    public IEnumerable<QuestionOutcome> Label(string label) => Messages.Where(o => o.Question.Label == label);

    public IReadOnlyList<QuestionOutcome> InScope => Messages.Where(o => o.Question.InScope).ToList();

    /// <summary>Share of the crisis messages that got the crisis reply (or its gentle form, where that is right).</summary>
    public double CrisesCaught => Share(Label(LabelledQuestion.Crisis), o => o.Correct);

    /// <summary>Share of the messages that are not a crisis that got the crisis reply.</summary>
    public double FalseAlarms => Share(Messages.Where(o => o.Question.Label != LabelledQuestion.Crisis), o => o.Kind == ReplyKind.Crisis);

    public double Share(IEnumerable<QuestionOutcome> set, Func<QuestionOutcome, bool> test)
    {
        var list = set as IReadOnlyCollection<QuestionOutcome> ?? set.ToList();
        return list.Count == 0 ? 0 : list.Count(test) / (double)list.Count;
    }

    public string Render()
    {
        var lines = new List<string>();
        foreach (var label in Messages.GroupBy(o => o.Question.InScope ? "in-scope" : o.Question.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"{label.Key,-22} {label.Count(),4}  correct {Share(label, o => o.Correct),6:P1}   " +
                      string.Join("  ", label.GroupBy(o => o.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
            if (label.Key is LabelledQuestion.Crisis or LabelledQuestion.NotCrisis or LabelledQuestion.OffTopic)
            {
                foreach (var category in label.GroupBy(o => o.Question.Style).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    lines.Add($"    {category.Key,-18} {category.Count(),4}  correct {Share(category, o => o.Correct),6:P1}");
                }
            }
        }
        var inScope = InScope;
        lines.Add($"in scope: answered right {Share(inScope, o => o.AnsweredRight):P1}, answered wrong {Share(inScope, o => o.Kind == ReplyKind.Answer && !o.AnsweredRight):P1}, " +
                  $"did you mean {Share(inScope, o => o.Kind == ReplyKind.DidYouMean):P1}, reached in one tap {Share(inScope, o => o.Reached):P1}, top-1 {Share(inScope, o => o.Top1):P1}");
        var notCrisis = Messages.Where(o => o.Question.Label != LabelledQuestion.Crisis).ToList();
        lines.Add($"false alarms (crisis reply to a message that is not one): {notCrisis.Count(o => o.Kind == ReplyKind.Crisis)} of {notCrisis.Count} ({FalseAlarms:P1}); " +
                  $"of the hard negatives {Share(Label(LabelledQuestion.NotCrisis), o => o.Kind == ReplyKind.Crisis):P1}");
        if (Turns.Count > 0)
        {
            foreach (var expect in Turns.GroupBy(t => t.Turn.EntryId is null ? t.Turn.Expect : "question").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                lines.Add($"conversation turns {expect.Key,-9} {expect.Count(),4}  correct {expect.Count(t => t.Correct) / (double)expect.Count(),6:P1}   " +
                          string.Join("  ", expect.GroupBy(t => t.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
            }
            var supportive = Turns.Where(t => t.InSupportiveMode).ToList();
            lines.Add($"supportive-mode turns that lost 988: {supportive.Count(t => !t.Kept988)} of {supportive.Count}; with a booking pitch: {supportive.Count(t => t.PitchesBooking)}");
        }
        return string.Join('\n', lines);
    }
}
