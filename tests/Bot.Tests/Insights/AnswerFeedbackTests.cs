using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.DirectLine;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;
using static Bot.Tests.Insights.InsightsTestKit;

namespace Bot.Tests.Insights;

/// <summary>"Did this help?" on cited answers: Web Chat's thumbs over Direct Line, a "Not helpful" button elsewhere.</summary>
public sealed class AnswerFeedbackTests
{
    private static BotApplication App() => DirectLineTestClient.CreateApp(InsightsSettings());

    [Fact]
    public async Task AThumbsDownSentTheWayWebChatSendsItGetsOneFollowUpAndAppearsInTheSummary()
    {
        await using var app = App();
        var visitor = new DirectLineTestClient(app);
        await visitor.StartAsync();
        var (_, mark) = await visitor.WaitForBotMessageAsync();
        await visitor.PostMessageAsync("what does an infusion feel like");
        var answer = await BotReplyAsync(visitor, mark);
        var citation = answer["entities"]![0]!.AsObject();
        // What Web Chat 4.18 needs to draw its thumbs (OthersActivityStatus: the root Message's potentialAction).
        Assert.Equal("", (string?)citation["@id"]);
        var actions = citation["potentialAction"]!.AsArray();
        Assert.Equal(["LikeAction", "DislikeAction"], actions.Select(a => (string)a!["@type"]!));
        Assert.DoesNotContain("Not helpful", Buttons(answer));
        Assert.Contains("Book a free assessment", Buttons(answer));

        // Feedback.tsx: postActivity({ entities: [selectedAction], name: 'webchat:activity-status/feedback', type: 'event' }).
        var (_, afterAnswer) = await visitor.GetActivitiesAsync();
        var dislike = actions[1]!.DeepClone();
        await PostEventAsync(visitor, dislike);
        var followUp = await BotReplyAsync(visitor, afterAnswer);
        Assert.Contains("Thanks for telling me", (string?)followUp["text"]);
        Assert.Contains("Book a free assessment", Buttons(followUp));

        // Clicking again does not repeat the follow-up.
        var (_, afterFollowUp) = await visitor.GetActivitiesAsync();
        await PostEventAsync(visitor, dislike);
        await Task.Delay(300);
        var (later, _) = await visitor.GetActivitiesAsync(afterFollowUp);
        Assert.DoesNotContain(later, a => (string?)a!["from"]?["role"] == "bot" && (string?)a["type"] == "message");

        await app.EventuallyAsync(async () => (await app.SummaryAsync()).GetProperty("feedback").GetProperty("notHelpful").GetInt32() == 1,
            "the vote in the summary");
        var feedback = (await app.SummaryAsync()).GetProperty("feedback");
        Assert.Equal(0, feedback.GetProperty("helpful").GetInt32());
        Assert.Equal(0.0, feedback.GetProperty("helpfulRatio").GetDouble());
    }

    [Fact]
    public async Task AThumbsUpIsCountedWithoutAReply()
    {
        await using var app = App();
        var visitor = new DirectLineTestClient(app);
        await visitor.StartAsync();
        var (_, mark) = await visitor.WaitForBotMessageAsync();
        await visitor.PostMessageAsync("will i trip on it");
        var answer = await BotReplyAsync(visitor, mark);
        var (_, afterAnswer) = await visitor.GetActivitiesAsync();
        await PostEventAsync(visitor, answer["entities"]![0]!["potentialAction"]![0]!.DeepClone());

        await app.EventuallyAsync(async () => (await app.SummaryAsync()).GetProperty("feedback").GetProperty("helpful").GetInt32() == 1,
            "the vote in the summary");
        var (after, _) = await visitor.GetActivitiesAsync(afterAnswer);
        Assert.DoesNotContain(after, a => (string?)a!["from"]?["role"] == "bot" && (string?)a["type"] == "message");
    }

    [Fact]
    public async Task OtherChannelsGetANotHelpfulButtonThatOffersOtherTopics()
    {
        await using var app = App();
        var chat = new BotClient(app.CreateClient());
        var answer = await chat.AskAsync("what does an infusion feel like");
        Assert.Equal("Not helpful", answer.Buttons()[^1]);
        Assert.Contains("Book a free assessment", answer.Buttons());

        var followUp = await chat.AskAsync("Not helpful");
        Assert.Contains("Thanks for telling me", followUp.Text());
        Assert.Contains("Book a free assessment", followUp.Buttons());
        Assert.Null(followUp.CitedTitle());

        await app.EventuallyAsync(async () => (await app.SummaryAsync()).GetProperty("feedback").GetProperty("notHelpful").GetInt32() == 1,
            "the vote in the summary");
        var kept = await app.UnansweredContainingAsync("what does an infusion feel like");
        Assert.Equal(1, kept.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AFeedbackEventWithoutAnAnswerOrWithNonsenseIsIgnoredPolitely()
    {
        await using var app = App();
        var visitor = new DirectLineTestClient(app);
        await visitor.StartAsync();
        await visitor.WaitForBotMessageAsync();
        foreach (var entity in new JsonNode?[] { JsonNode.Parse("""{"@type":"DislikeAction","object":{"identifier":"how-it-feels"}}"""),
            JsonNode.Parse("""{"@type":"DislikeAction","object":"x"}"""), JsonNode.Parse("42"), null })
        {
            var response = await visitor.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{visitor.ConversationId}/activities",
                new JsonObject { ["type"] = "event", ["name"] = "webchat:activity-status/feedback", ["from"] = new JsonObject { ["id"] = "r_page" },
                    ["entities"] = entity is null ? null : new JsonArray(entity) }.ToJsonString());
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        var summary = await app.SummaryAsync();
        Assert.Equal(0, summary.GetProperty("feedback").GetProperty("notHelpful").GetInt32());
    }

    private static IReadOnlyList<string> Buttons(JsonObject activity) =>
        activity["suggestedActions"]?["actions"]?.AsArray().Select(a => (string)a!["title"]!).ToList() ?? [];

    private static async Task PostEventAsync(DirectLineTestClient visitor, JsonNode action)
    {
        var activity = new JsonObject
        {
            ["type"] = "event",
            ["name"] = "webchat:activity-status/feedback",
            ["from"] = new JsonObject { ["id"] = "r_page", ["role"] = "user" },
            ["entities"] = new JsonArray(action.DeepClone()),
            ["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("n") },
        };
        var response = await visitor.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{visitor.ConversationId}/activities", activity.ToJsonString());
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonObject> BotReplyAsync(DirectLineTestClient visitor, string? watermark)
    {
        var (activities, _) = await visitor.WaitForBotMessageAsync(watermark);
        return activities.Last(a => (string?)a!["type"] == "message" && (string?)a["from"]?["role"] == "bot")!.AsObject();
    }
}
