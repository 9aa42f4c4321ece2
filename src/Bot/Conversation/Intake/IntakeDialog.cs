using Bot.Conversation.Faq;
using Bot.Conversation.Safety;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>
/// The free-assessment request as a forgiving form: each turn reads whatever details the message holds
/// (several at once, corrections at any point), answers questions in between, and asks for the next missing
/// detail; then a summary, then one request to staff. The slots themselves are declared in <see cref="IntakeSlots"/>.
/// Crisis is checked by <see cref="TurnHandler"/> before any of this runs.
/// </summary>
public sealed class IntakeDialog(
    FaqDialog faq,
    IntakeReplies words,
    Replies replies,
    IntakeSender sender,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time,
    ILogger<IntakeDialog> logger)
{
    public void Start(Turn turn)
    {
        var now = time.GetUtcNow();
        var form = new IntakeForm { Id = Guid.NewGuid(), StartedAt = now, LastActiveAt = now };
        turn.State = turn.State with { Misses = 0, Suggestions = [] };
        logger.LogInformation("Intake {FormId} started in conversation {ConversationId}", form.Id, turn.Incoming.Conversation?.Id);
        // "can someone call me? 415 555 0132" already holds a detail: take it.
        if (IntakeExtractor.Extract(turn.Text).Candidates.Count > 0)
        {
            Fill(turn, form, Context(now), prefix: words.Start, explicitOnly: true);
            return;
        }
        AskNext(turn, form, words.Start, "\n\n");
    }

    /// <summary>The visitor came back (page reload): pick up where they were, or ask first if the form went stale.</summary>
    public void Resume(Turn turn)
    {
        var form = turn.State.Intake!;
        if (IsStale(form, time.GetUtcNow()))
        {
            AskStale(turn, form);
            return;
        }
        AskNext(turn, form with { Stage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage }, words.WelcomeBack);
    }

    /// <summary>A second "confirm" after the request went (double click, retried post): the same reference, no new request.</summary>
    public bool TryRepeatReceipt(Turn turn)
    {
        if (turn.State is not { Intake: null, LastRequest: { } sent } || !IntakeExtractor.IsResend(turn.MatchText))
        {
            return false;
        }
        turn.Say(words.AlreadySent(sent.Reference));
        return true;
    }

    public async Task ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var form = turn.State.Intake!;
        var m = turn.MatchText;
        if (IntakeExtractor.IsCancel(m))
        {
            Abandon(turn, form, words.Cancelled);
            return;
        }
        if (IsStale(form, now))
        {
            AskStale(turn, form);
            return;
        }
        if (IntakeExtractor.IsStartOver(m))
        {
            StartOver(turn, form);
            return;
        }
        form = form with { LastActiveAt = now };
        var ctx = Context(now);
        if (JustAfterCrisis(turn) && !LooksLikeAnAnswer(turn, form, ctx))
        {
            // After the crisis resources, whatever comes next is not quietly filed as "best time".
            AskNext(turn, form, words.AfterCrisis, "\n\n");
            return;
        }
        switch (form.Stage)
        {
            case IntakeStage.StaleCheck:
                StaleAnswer(turn, form, ctx);
                return;
            case IntakeStage.Summary when IntakeExtractor.IsConfirm(m):
                if (!await sender.SendAsync(turn, form, cancellationToken))
                {
                    turn.State = turn.State with { Intake = form };
                }
                return;
            case IntakeStage.Summary when IntakeExtractor.IsEdit(m):
                Save(turn, form with { Stage = IntakeStage.ChoosingEdit });
                turn.Say(words.WhichEdit, IntakeReplies.EditButtons);
                return;
            case IntakeStage.Summary or IntakeStage.ChoosingEdit when m.Split(' ').Length <= 3 && IntakeExtractor.SlotNamed(m) is { } slot:
                AskNext(turn, form with { Stage = IntakeStage.Filling, Editing = slot, FailedTries = 0 }, words.Sure);
                return;
        }
        Fill(turn, form, ctx, prefix: null, explicitOnly: false);
    }

    private void Fill(Turn turn, IntakeForm form, IntakeContext ctx, string? prefix, bool explicitOnly)
    {
        var asking = form.Stage == IntakeStage.Filling && !explicitOnly ? IntakeSlots.Next(form) : null;
        var found = IntakeExtractor.Extract(turn.Text);
        if (found.Candidates.Count == 0 && !explicitOnly)
        {
            if (found.EditRequest is { } edit)
            {
                AskNext(turn, form with { Stage = IntakeStage.Filling, Editing = edit, FailedTries = 0 }, words.Sure);
                return;
            }
            if (Interrupted(turn, form, asking, ctx))
            {
                return;
            }
            if (asking is null)
            {
                Save(turn, form);
                if (form.Stage == IntakeStage.ChoosingEdit)
                {
                    turn.Say(words.WhichEdit, IntakeReplies.EditButtons);
                    return;
                }
                ShowSummary(turn, form, words.SummaryHint);
                return;
            }
        }

        var result = IntakeFiller.Apply(form, found, asking, ctx);
        if (result.Ended is { } ended)
        {
            Abandon(turn, result.Form, ended);
            return;
        }
        var echoes = (prefix is null ? result.Echoes : result.Echoes.Prepend(prefix)).ToList();
        form = result.Form;
        if (result.Failure is { } f)
        {
            var text = Join(echoes.Append(f.Reason));
            if (form.FailedTries >= options.CurrentValue.MaxTries)
            {
                text += "\n\n" + words.TooManyTries;
                form = form with { FailedTries = 0 };
            }
            Save(turn, form);
            turn.Say(text, f.Slot.Ask(form, ctx).Buttons);
            return;
        }
        AskNext(turn, form with { Stage = IntakeStage.Filling }, Join(echoes));
    }

    /// <summary>Small talk and questions in the middle of the form: answer, then ask again. False when the message is an answer.</summary>
    private bool Interrupted(Turn turn, IntakeForm form, IntakeSlot? asking, IntakeContext ctx)
    {
        var (intent, _) = SmallTalk.Classify(turn.MatchText);
        // "call me" answers "how should we contact you?"; it is small talk only where no slot takes it.
        var answers = asking is not null && asking.Read(turn.Text, form, ctx) is SlotAnswer.Accepted;
        var said = intent switch
        {
            Intent.Thanks => words.YoureWelcome,
            Intent.Greeting => words.Hello,
            Intent.AreYouABot or Intent.Human when !answers => words.Bot,
            Intent.Assessment when !answers => words.AlreadyStarted,
            _ => null,
        };
        if (intent == Intent.Goodbye)
        {
            Save(turn, form);
            turn.Say(words.StillHere);
            return true;
        }
        if (said is not null)
        {
            AskNext(turn, form, said);
            return true;
        }

        var question = IntakeExtractor.StartsLikeQuestion(turn.MatchText) || (turn.Text.Contains('?') && !answers);
        if (!question && !IntakeExtractor.AsksWhy(turn.MatchText))
        {
            return false;
        }
        var text = IntakeExtractor.QuestionText(turn.Text);
        if (IntakeExtractor.AsksWhy(turn.MatchText))
        {
            turn.Say(words.WhyWeAsk(ctx.PrivacyNoticeUrl));
        }
        else if (MedicalAdviceDetector.IsPersonalAdvice(TextNormalizer.ForMatching(text)))
        {
            turn.Say(replies.AdviceDeferral);
        }
        else
        {
            faq.Respond(turn, text);
        }
        if (form.Stage == IntakeStage.StaleCheck)
        {
            Save(turn, form);
            turn.Say(words.StaleUnclear, IntakeReplies.StaleButtons);
            return true;
        }
        AskNext(turn, form, words.BackToRequest);
        return true;
    }

    private void StaleAnswer(Turn turn, IntakeForm form, IntakeContext ctx)
    {
        if (IntakeExtractor.IsStartOver(turn.MatchText))
        {
            StartOver(turn, form);
            return;
        }
        if (IntakeExtractor.IsContinue(turn.MatchText))
        {
            AskNext(turn, form with { Stage = form.ResumeStage == IntakeStage.ChoosingEdit ? IntakeStage.Summary : form.ResumeStage }, null);
            return;
        }
        if (!Interrupted(turn, form, null, ctx))
        {
            Save(turn, form);
            turn.Say(words.StaleUnclear, IntakeReplies.StaleButtons);
        }
    }

    private void AskNext(Turn turn, IntakeForm form, string? prefix, string separator = " ")
    {
        var lead = string.IsNullOrEmpty(prefix) ? "" : prefix + separator;
        if (IntakeSlots.Next(form) is not { } slot)
        {
            form = form with { Stage = IntakeStage.Summary };
            Save(turn, form);
            ShowSummary(turn, form, prefix);
            return;
        }
        Save(turn, form with { Stage = IntakeStage.Filling });
        var prompt = slot.Ask(form, Context(time.GetUtcNow()));
        turn.Say(lead + prompt.Text, prompt.Buttons);
    }

    private void ShowSummary(Turn turn, IntakeForm form, string? prefix)
    {
        var text = words.Summary(form);
        turn.Say(string.IsNullOrEmpty(prefix) ? text : prefix + "\n\n" + text, IntakeReplies.SummaryButtons);
    }

    private void AskStale(Turn turn, IntakeForm form)
    {
        Save(turn, form with
        {
            ResumeStage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage,
            Stage = IntakeStage.StaleCheck,
            LastActiveAt = time.GetUtcNow(),
        });
        turn.Say(words.Stale, IntakeReplies.StaleButtons);
    }

    private void StartOver(Turn turn, IntakeForm form)
    {
        var now = time.GetUtcNow();
        turn.State = turn.State with { Transcript = Transcript.Before(turn.State.Transcript, form.StartedAt) };
        AskNext(turn, new IntakeForm { Id = Guid.NewGuid(), StartedAt = now, LastActiveAt = now }, words.StartingOver);
    }

    /// <summary>Cancelled, under 18 or no consent: the form and everything said since it began are dropped.</summary>
    private void Abandon(Turn turn, IntakeForm form, string message)
    {
        logger.LogInformation("Intake {FormId} abandoned", form.Id);
        turn.State = turn.State with { Intake = null, Transcript = Transcript.Before(turn.State.Transcript, form.StartedAt) };
        turn.Say(message);
    }

    private bool JustAfterCrisis(Turn turn) =>
        turn.State.CrisisShown && turn.State.Transcript.LastOrDefault() is { From: TranscriptEntry.Bot } last && last.Text == replies.Crisis;

    private static bool LooksLikeAnAnswer(Turn turn, IntakeForm form, IntakeContext ctx)
    {
        if (form.Stage != IntakeStage.Filling)
        {
            return IntakeExtractor.IsConfirm(turn.MatchText) || IntakeExtractor.IsEdit(turn.MatchText);
        }
        if (IntakeSlots.Next(form) is not { } slot || IntakeExtractor.Extract(turn.Text).Candidates.Count > 0)
        {
            return true;
        }
        // A button, or a detail with a shape of its own; free text (a name, a time) could be anything just now.
        return slot.Ask(form, ctx).Buttons.Contains(turn.Text, StringComparer.OrdinalIgnoreCase)
            || (slot.Id is not (SlotId.Name or SlotId.BestTime) && slot.Read(turn.Text, form, ctx) is SlotAnswer.Accepted);
    }

    private bool IsStale(IntakeForm form, DateTimeOffset now) =>
        form.Stage != IntakeStage.StaleCheck && now - form.LastActiveAt > options.CurrentValue.StaleAfter;

    private static void Save(Turn turn, IntakeForm form) => turn.State = turn.State with { Intake = form };

    private static string Join(IEnumerable<string> parts) => string.Join(" ", parts.Where(p => p.Length > 0));

    private IntakeContext Context(DateTimeOffset now)
    {
        var o = options.CurrentValue;
        return new IntakeContext(o.DefaultRegion, o.PrivacyNoticeUrl, o.PrivacyNoticeVersion, now);
    }
}
