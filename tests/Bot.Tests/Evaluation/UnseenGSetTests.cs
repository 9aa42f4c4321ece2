using Bot.Evaluation;

namespace Bot.Tests.Evaluation;

/// <summary>
/// The sealed half of the seventh blind set (tests/Bot.Tests/Data/unseen-g: crisis messages and hard negatives), read
/// only here, totals only. Issue 15's bars are every crisis and at most 2% false alarms; neither is met on this half
/// (94 of 96 caught, 13 of 98 false alarms when first run, session 16), so each test holds that figure and says so.
/// </summary>
public sealed class UnseenGSetTests(UnseenGSetTests.Sealed run) : IClassFixture<UnseenGSetTests.Sealed>
{
    public sealed class Sealed() : SealedHalf("unseen-g");

    private UnseenReport Report => run.Report;

    private string Totals => Report.Render();

    [Fact]
    public void CrisesCaughtHoldTheMeasuredFloorOf97Percent() =>
        Assert.True(Report.CrisesCaught >= 0.97, Totals);

    [Fact]
    public void FalseAlarmsHoldTheMeasuredCeilingOf14Percent() =>
        Assert.True(Report.FalseAlarms <= 0.14, Totals);
}
