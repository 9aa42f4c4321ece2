using Bot.Conversation;
using Bot.Conversation.Intake;

namespace Bot.Tests.Intake;

public class IntakeExtractorTests
{
    [Fact]
    public void OneMessageYieldsSeveralDetailsAndLeavesTheRest()
    {
        var found = IntakeExtractor.Extract("I'm Jane Doe, 415 555 0132, jane@x.com");
        Assert.Equal([SlotId.Phone, SlotId.Email], found.Candidates.Select(c => c.Slot).Order());
        Assert.Equal("415 555 0132", found.Candidates.Single(c => c.Slot == SlotId.Phone).Text);
        Assert.Equal("I'm Jane Doe", found.Remainder);
    }

    [Theory]
    [InlineData("actually my number is 212 555 0187", SlotId.Phone, "212 555 0187")]
    [InlineData("sorry, my email is dana@example.org", SlotId.Email, "dana@example.org")]
    [InlineData("oh and my name is Dana Smith-Jones", SlotId.Name, "Dana Smith-Jones")]
    [InlineData("I'd prefer a text", SlotId.PreferredContact, "text")]
    public void CorrectionsNameTheirDetail(string text, SlotId slot, string value)
    {
        var found = IntakeExtractor.Extract(text);
        var candidate = Assert.Single(found.Candidates);
        Assert.Equal((slot, value), (candidate.Slot, candidate.Text));
        Assert.Equal("", found.Remainder);
    }

    [Theory]
    [InlineData("change my email", SlotId.Email)]
    [InlineData("can I update my phone number", SlotId.Phone)]
    [InlineData("my name is wrong", SlotId.Name)]
    [InlineData("fix the best time", SlotId.BestTime)]
    public void EditRequestsWithoutAValueNameTheDetail(string text, SlotId slot) =>
        Assert.Equal(slot, IntakeExtractor.Extract(text).EditRequest);

    [Theory]
    [InlineData("wait, does it hurt?", true)]
    [InlineData("how long does an infusion take", true)]
    [InlineData("is it safe", true)]
    [InlineData("Will Smith", false)]
    [InlineData("weekday mornings", false)]
    [InlineData("how about evenings", false)]
    public void QuestionsAreToldApartFromAnswers(string text, bool question) =>
        Assert.Equal(question, IntakeExtractor.StartsLikeQuestion(TextNormalizer.ForMatching(text)));

    [Theory]
    [InlineData("cancel", true)]
    [InlineData("Stop", true)]
    [InlineData("never mind", true)]
    [InlineData("nevermind, forget it", true)]
    [InlineData("please cancel my request", true)]
    [InlineData("stop calling me", false)]
    [InlineData("cancel culture is weird", false)]
    public void CancelIsRecognised(string text, bool cancel) =>
        Assert.Equal(cancel, IntakeExtractor.IsCancel(TextNormalizer.ForMatching(text)));
}
