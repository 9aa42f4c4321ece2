using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Removes what the insights tables keep of visitors: everything past Insights:RetentionDays (from the handoff
/// retention pass, <see cref="HandoffMaintenance"/>), and everything from an erased visitor's conversations
/// (<see cref="Staff.VisitorErasure"/>). Deletes are idempotent, so instances running them together agree.
/// </summary>
public sealed class InsightsDeletion(HandoffDatabase database, IOptions<InsightsOptions> options)
{
    private static readonly string[] Tables = ["insights_turns", "insights_votes", "insights_examples"];

    /// <summary>Turns, votes and example wordings older than the retention days; returns how many rows went.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = (now - TimeSpan.FromDays(options.Value.RetentionDays)).Millis();
        var purged = 0;
        await using (var connection = await database.OpenAsync(ct))
        {
            // One statement per table, each its own transaction: a pass that fails half-way keeps what it did.
            foreach (var table in Tables)
            {
                purged += await Sql.ExecuteAsync(connection, null, $"DELETE FROM {table} WHERE at < @cutoff", ("cutoff", cutoff));
            }
            // Counts carry no visitor's words or ids; they go with the same days all the same.
            purged += await Sql.ExecuteAsync(connection, null, "DELETE FROM insights_daily WHERE day < @day",
                ("day", InsightsTally.Day(now - TimeSpan.FromDays(options.Value.RetentionDays))));
        }
        purged += await TidyGroupsAsync(ct);
        if (purged > 0)
        {
            await database.ForgetDeletedAsync(ct);
        }
        return purged;
    }

    /// <summary>Everything kept from these conversations: their turns, their votes (with the question) and their wordings.</summary>
    public async Task ForgetConversationsAsync(IReadOnlyCollection<string> conversationIds, CancellationToken ct)
    {
        if (conversationIds.Count == 0)
        {
            return;
        }
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var conversationId in conversationIds)
            {
                foreach (var table in Tables)
                {
                    await Sql.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE conversation_id = @c", ("c", conversationId));
                }
            }
            return true;
        }, ct);
        await TidyGroupsAsync(ct);
        await database.ForgetDeletedAsync(ct);
    }

    /// <summary>
    /// A group's wording is a visitor's own: when it went, the group shows its oldest remaining example instead, and
    /// a group with none left goes with its count, since staff cannot act on a number without a question (a question
    /// still being asked starts a new group the next time). Attached phrasings stay: staff made them knowledge.
    /// </summary>
    private Task<int> TidyGroupsAsync(CancellationToken ct) => database.InTransactionAsync(async (connection, transaction) =>
    {
        await Sql.ExecuteAsync(connection, transaction,
            "UPDATE insights_questions SET question = (SELECT e.text FROM insights_examples e WHERE e.question_id = insights_questions.id ORDER BY e.at, e.id LIMIT 1) " +
            "WHERE EXISTS (SELECT 1 FROM insights_examples e WHERE e.question_id = insights_questions.id) " +
            "AND NOT EXISTS (SELECT 1 FROM insights_examples e WHERE e.question_id = insights_questions.id AND e.text = insights_questions.question)");
        return await Sql.ExecuteAsync(connection, transaction,
            "DELETE FROM insights_questions WHERE NOT EXISTS (SELECT 1 FROM insights_examples e WHERE e.question_id = insights_questions.id)");
    }, ct);
}
