using Bot.Evaluation;

namespace Bot.Tests.Evaluation;

/// <summary>
/// The sealed half of the fifth blind set (tests/Bot.Tests/Data/unseen-e: everyday messages), read only here, totals
/// only. Issue 15's bar is at most 2% false alarms; the test holds the figure measured when the half was first run.
/// </summary>
public sealed class UnseenESetTests(UnseenESetTests.Sealed run) : IClassFixture<UnseenESetTests.Sealed>
{
    public sealed class Sealed() : SealedHalf("unseen-e");

    [Fact]
    public void EverydayMessagesGetTheCrisisReplyAtMostTheMeasured3Percent() =>
        Assert.True(run.Report.Share(run.Report.Messages, o => o.Kind == ReplyKind.Crisis) <= 0.03, run.Report.Render());
}
