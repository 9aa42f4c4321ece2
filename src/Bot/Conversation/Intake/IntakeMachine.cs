using Bot.Conversation.Safety;
using Bot.Handoff;

namespace Bot.Conversation.Intake;

/// <summary>
/// The free-assessment request as one state machine over the slots in <see cref="IntakeSlots"/>: a forgiving form
/// that reads whatever details a message holds (several at once, corrections at any point), answers questions in
/// between, asks for the next missing detail, then shows a summary to confirm. Each message is one step: the form and
/// the message in; the next form, the replies and at most one effect out. Pure: no state of its own and no I/O, so
/// <see cref="IntakeDialog"/> carries out the effect and TurnHandler saves the result.
/// </summary>
public sealed class IntakeMachine(IntakeReplies words, Replies replies)
{
    public IntakeStep Start(IntakeInput input)
    {
        var form = new IntakeForm { Id = input.FreshId, StartedAt = input.Now, LastActiveAt = input.Now };
        var found = IntakeExtractor.Extract(input.Text);
        // "can someone call me? 415 555 0132" already holds a detail: take it.
        return found.Candidates.Count > 0
            ? Take(form, input, found, prefix: words.Start, explicitOnly: true)
            : AskNext(form, input.Context, words.Start, "\n\n");
    }

    /// <summary>The visitor came back (page reload): pick up where they were, or ask first if the form went stale.</summary>
    public IntakeStep Resume(IntakeForm form, IntakeInput input) =>
        IsStale(form, input)
            ? AskStale(form, input.Now)
            : AskNext(form with { Stage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage }, input.Context, words.WelcomeBack);

    public IntakeStep Step(IntakeForm form, IntakeInput input)
    {
        var m = input.MatchText;
        // Cancel works from any stage, even a stale form; starting over waits until the stale question is asked.
        if (IntakeExtractor.IsCancel(m))
        {
            return Abandon(form, words.Cancelled);
        }
        if (IsStale(form, input))
        {
            return AskStale(form, input.Now);
        }
        if (IntakeExtractor.IsStartOver(m))
        {
            return StartOver(form, input);
        }
        form = form with { LastActiveAt = input.Now };
        var found = IntakeExtractor.Extract(input.Text);
        // After the crisis resources, whatever comes next is not quietly filed as "best time".
        if (input.JustAfterCrisis && !LooksLikeAnAnswer(form, input, found))
        {
            return AskNext(form, input.Context, words.AfterCrisis, "\n\n");
        }
        if (form.Stage == IntakeStage.StaleCheck)
        {
            return AnswerStale(form, input);
        }
        return Review(form, input) ?? Take(form, input, found, prefix: null, explicitOnly: false);
    }

    /// <summary>How the <see cref="IntakeEffect.Send"/> went: null <paramref name="sent"/> when it failed (the form stays, and "confirm" again retries under the same key).</summary>
    public IntakeStep AfterSend(IntakeForm form, HandoffReceipt? sent, bool urgent, IntakeInput input)
    {
        if (sent is null)
        {
            return new(form, [new(words.SendFailed, [IntakeReplies.ConfirmButton, IntakeReplies.CancelButton])]);
        }
        // Either way the details now live with the handoff (or, when limited, nowhere): the conversation forgets them.
        if (sent.Outcome == HandoffOutcome.Limited)
        {
            return new(null, [new(words.Limited(urgent))]) { ForgetSince = DateTimeOffset.MinValue };
        }
        var text = sent.Outcome == HandoffOutcome.Updated
            ? words.Updated(form.FirstName ?? "", sent.Reference, urgent)
            : words.Sent(form.FirstName ?? "", sent.Reference, form.EffectiveContact!.Value, form.BestTime, input.Settings.ResponseTime, urgent);
        return new(null, [new(text)]) { ForgetSince = DateTimeOffset.MinValue, Sent = new IntakeReceipt(form.Id, sent.Reference, input.Now) };
    }

    /// <summary>Cancelled, under 18 or no consent: the form and everything said since it began are dropped.</summary>
    private static IntakeStep Abandon(IntakeForm form, string message) => new(null, [new(message)]) { ForgetSince = form.StartedAt };

    private IntakeStep StartOver(IntakeForm form, IntakeInput input) =>
        AskNext(new IntakeForm { Id = input.FreshId, StartedAt = input.Now, LastActiveAt = input.Now }, input.Context, words.StartingOver)
            with { ForgetSince = form.StartedAt };

    /// <summary>A form left idle too long is not silently resumed: the visitor chooses to continue, start over or cancel.</summary>
    private static bool IsStale(IntakeForm form, IntakeInput input) =>
        form.Stage != IntakeStage.StaleCheck && input.Now - form.LastActiveAt > input.Settings.StaleAfter;

    private IntakeStep AskStale(IntakeForm form, DateTimeOffset now) =>
        new(form with { ResumeStage = form.Stage, Stage = IntakeStage.StaleCheck, LastActiveAt = now }, [new(words.Stale, IntakeReplies.StaleButtons)]);

    private IntakeStep AnswerStale(IntakeForm form, IntakeInput input)
    {
        if (IntakeExtractor.IsContinue(input.MatchText))
        {
            // "Which detail?" means little after a long break: show the summary it came from instead.
            return AskNext(form with { Stage = form.ResumeStage == IntakeStage.ChoosingEdit ? IntakeStage.Summary : form.ResumeStage }, input.Context, null);
        }
        return Interruption(form, asking: null, input) ?? new(form, [new(words.StaleUnclear, IntakeReplies.StaleButtons)]);
    }

    private bool LooksLikeAnAnswer(IntakeForm form, IntakeInput input, Extraction found)
    {
        if (form.Stage != IntakeStage.Filling)
        {
            return IntakeExtractor.IsConfirm(input.MatchText) || IntakeExtractor.IsEdit(input.MatchText);
        }
        if (IntakeSlots.Next(form) is not { } slot || found.Candidates.Count > 0)
        {
            return true;
        }
        // A button, or a detail with a shape of its own; free text (a name, a time) could be anything just now.
        var ctx = input.Context;
        return slot.Ask(form, ctx).Buttons.Contains(input.Text, StringComparer.OrdinalIgnoreCase)
            || (slot.Id is not (SlotId.Name or SlotId.BestTime) && slot.Read(input.Text, form, ctx) is SlotAnswer.Accepted);
    }

    /// <summary>The summary stage: confirm and send, or choose a detail to change; null when the message is none of these.</summary>
    private IntakeStep? Review(IntakeForm form, IntakeInput input)
    {
        var m = input.MatchText;
        return form.Stage switch
        {
            IntakeStage.Summary when IntakeExtractor.IsConfirm(m) => new IntakeStep(form, []) { Effect = new IntakeEffect.Send() },
            IntakeStage.Summary when IntakeExtractor.IsEdit(m) => new IntakeStep(form with { Stage = IntakeStage.ChoosingEdit }, [new(words.WhichEdit, IntakeReplies.EditButtons)]),
            // A short message naming a detail picks it; a longer one may carry the new value itself.
            IntakeStage.Summary or IntakeStage.ChoosingEdit when m.Split(' ').Length <= 3 && IntakeExtractor.SlotNamed(m) is { } slot =>
                AskNext(form with { Stage = IntakeStage.Filling, Editing = slot, FailedTries = 0 }, input.Context, words.Sure),
            _ => null,
        };
    }

    /// <summary>Takes the details the message holds (through <see cref="IntakeFiller"/>) and says what was understood, what did not fit, or what comes next.</summary>
    /// <param name="explicitOnly">The opening message: nothing has been asked yet, so only the details it states explicitly are taken.</param>
    private IntakeStep Take(IntakeForm form, IntakeInput input, Extraction found, string? prefix, bool explicitOnly)
    {
        var ctx = input.Context;
        var asking = form.Stage == IntakeStage.Filling && !explicitOnly ? IntakeSlots.Next(form) : null;
        if (found.Candidates.Count == 0 && !explicitOnly)
        {
            if (found.EditRequest is { } edit)
            {
                return AskNext(form with { Stage = IntakeStage.Filling, Editing = edit, FailedTries = 0 }, ctx, words.Sure);
            }
            if (Interruption(form, asking, input) is { } interrupted)
            {
                return interrupted;
            }
            if (asking is null)
            {
                return form.Stage == IntakeStage.ChoosingEdit
                    ? new(form, [new(words.WhichEdit, IntakeReplies.EditButtons)])
                    : new(form, [SummaryReply(form, words.SummaryHint)]);
            }
        }

        var result = IntakeFiller.Apply(form, found, asking, ctx);
        if (result.Ended is { } ended)
        {
            return Abandon(result.Form, ended);
        }
        IReadOnlyList<string> echoes = prefix is null ? result.Echoes : [prefix, .. result.Echoes];
        form = result.Form;
        if (result.Failure is { } f)
        {
            var text = Join([.. echoes, f.Reason]);
            if (form.FailedTries >= input.Settings.MaxTries)
            {
                text += "\n\n" + words.TooManyTries;
                form = form with { FailedTries = 0 };
            }
            return new(form, [new(text, f.Slot.Ask(form, ctx).Buttons)]);
        }
        return AskNext(form with { Stage = IntakeStage.Filling }, ctx, Join(echoes));
    }

    /// <summary>Small talk and questions in the middle of the form: answered, then the form asks again; null when the message is an answer.</summary>
    private IntakeStep? Interruption(IntakeForm form, IntakeSlot? asking, IntakeInput input)
    {
        var ctx = input.Context;
        var (intent, _) = SmallTalk.Classify(input.MatchText);
        // "call me" answers "how should we contact you?"; it is small talk only where no slot takes it.
        var answers = asking is not null && asking.Read(input.Text, form, ctx) is SlotAnswer.Accepted;
        if (intent == Intent.Goodbye)
        {
            return new(form, [new(words.StillHere)]);
        }
        var said = intent switch
        {
            Intent.Thanks => words.YoureWelcome,
            Intent.Greeting => words.Hello,
            Intent.AreYouABot or Intent.Human when !answers => words.Bot,
            Intent.Assessment when !answers => words.AlreadyStarted,
            _ => null,
        };
        if (said is not null)
        {
            return AskNext(form, ctx, said);
        }

        var why = IntakeExtractor.AsksWhy(input.MatchText);
        var question = IntakeExtractor.StartsLikeQuestion(input.MatchText) || (input.Text.Contains('?') && !answers);
        if (!question && !why)
        {
            return null;
        }
        var back = form.Stage == IntakeStage.StaleCheck
            ? new IntakeStep(form, [new(words.StaleUnclear, IntakeReplies.StaleButtons)])
            : AskNext(form, ctx, words.BackToRequest);
        var text = IntakeExtractor.QuestionText(input.Text);
        if (why)
        {
            return back with { Replies = [new(words.WhyWeAsk(ctx.PrivacyNoticeUrl)), .. back.Replies] };
        }
        if (MedicalAdviceDetector.IsPersonalAdvice(TextNormalizer.ForMatching(text)))
        {
            return back with { Replies = [new(replies.AdviceDeferral), .. back.Replies] };
        }
        return back with { Effect = new IntakeEffect.AnswerQuestion(text) };
    }

    /// <summary>Asks for the next missing detail (the one being edited first), or shows the summary once none is missing.</summary>
    private IntakeStep AskNext(IntakeForm form, IntakeContext ctx, string? prefix, string separator = " ")
    {
        if (IntakeSlots.Next(form) is not { } slot)
        {
            return new(form with { Stage = IntakeStage.Summary }, [SummaryReply(form, prefix)]);
        }
        var prompt = slot.Ask(form, ctx);
        var lead = string.IsNullOrEmpty(prefix) ? "" : prefix + separator;
        return new(form with { Stage = IntakeStage.Filling }, [new(lead + prompt.Text, prompt.Buttons)]);
    }

    private Reply SummaryReply(IntakeForm form, string? prefix)
    {
        var text = words.Summary(form);
        return new(string.IsNullOrEmpty(prefix) ? text : prefix + "\n\n" + text, IntakeReplies.SummaryButtons);
    }

    private static string Join(IEnumerable<string> parts) => string.Join(" ", parts.Where(p => p.Length > 0));
}
