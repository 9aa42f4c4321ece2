namespace Bot.Handoff;

/// <summary>
/// Ordered schema scripts per provider; script N brings the schema to version N. Append, never edit.
/// Times are Unix milliseconds (BIGINT) and ids are text in both, so the SQL that reads and compares them is the same.
/// Columns ending in _enc hold Data Protection ciphertext.
/// </summary>
internal static class Migrations
{
    // Scripts 2 and up use SQL both providers read the same way.

    // 2: keyed hashes of the normalised phone, email and client address (ContactIndex) for duplicates, limits
    // and erasure; rows from version 1 get theirs at start-up (HandoffMaintenance), since SQL cannot compute them.
    private const string ContactIndexScript = """
        ALTER TABLE handoff_requests ADD COLUMN phone_hash TEXT NULL;
        ALTER TABLE handoff_requests ADD COLUMN email_hash TEXT NULL;
        ALTER TABLE handoff_requests ADD COLUMN client_hash TEXT NULL;
        CREATE INDEX ix_handoff_requests_phone_hash ON handoff_requests (phone_hash);
        CREATE INDEX ix_handoff_requests_email_hash ON handoff_requests (email_hash);
        CREATE INDEX ix_handoff_requests_conversation ON handoff_requests (conversation_id, created_at);
        CREATE INDEX ix_handoff_requests_client_hash ON handoff_requests (client_hash, created_at);
        CREATE INDEX ix_handoff_requests_retention ON handoff_requests (status, updated_at);
        """;

    // 3: staff sessions behind the inbox cookie (StaffSessionStore), so signing out ends them on every instance.
    private const string StaffSessionsScript = """
        CREATE TABLE staff_sessions (
            id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            ticket TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            ends_at BIGINT NOT NULL
        );
        """;

    // 4: staff insights (Insights/): how each message turn was handled, votes on answers, the questions the bot
    // could not answer grouped with their near-duplicates, and the phrasings staff attached to entries.
    // IF NOT EXISTS: the erasure tests roll a database back to version 1, which keeps these tables.
    private const string InsightsScript = """
        CREATE TABLE IF NOT EXISTS insights_turns (
            id TEXT PRIMARY KEY,
            at BIGINT NOT NULL,
            conversation_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            entry_id TEXT NULL,
            score DOUBLE PRECISION NULL,
            detail TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_insights_turns_at ON insights_turns (at);
        CREATE TABLE IF NOT EXISTS insights_votes (
            id TEXT PRIMARY KEY,
            at BIGINT NOT NULL,
            conversation_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            question TEXT NULL,
            score DOUBLE PRECISION NULL,
            helpful INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_insights_votes_at ON insights_votes (at);
        CREATE TABLE IF NOT EXISTS insights_questions (
            id TEXT PRIMARY KEY,
            question TEXT NOT NULL,
            count INTEGER NOT NULL,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            status TEXT NOT NULL,
            entry_id TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_insights_questions_status ON insights_questions (status, count);
        CREATE TABLE IF NOT EXISTS insights_examples (
            id TEXT PRIMARY KEY,
            question_id TEXT NOT NULL REFERENCES insights_questions (id),
            text TEXT NOT NULL,
            at BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_insights_examples_question ON insights_examples (question_id, at);
        CREATE TABLE IF NOT EXISTS insights_phrasings (
            id TEXT PRIMARY KEY,
            entry_id TEXT NOT NULL,
            question TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            actor TEXT NOT NULL
        );
        """;

    // 5 (PostgreSQL only): what several instances on one database share (SharedStorage): conversation state, one row
    // per conversation with a version for the conditional write; the Data Protection key ring; and small keys
    // that must be the same everywhere (the ContactIndex key). SQLite is one instance's store and keeps these in
    // memory and in the keys folder. IF NOT EXISTS: a database rolled back to an older version keeps its key ring.
    private const string SharedStateScript = """
        CREATE TABLE IF NOT EXISTS conversation_states (
            id TEXT PRIMARY KEY,
            state BYTEA NOT NULL,
            version BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_conversation_states_updated ON conversation_states (updated_at);
        CREATE TABLE IF NOT EXISTS data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS shared_keys (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        """;

    // 6 (PostgreSQL only): Direct Line conversations and their transcripts, so a visitor's posts, polls and stream can
    // land on any instance. Activities are Data Protection ciphertext (they hold what the visitor typed); the
    // conversation row hands out sequence numbers (watermarks) and timestamps under its row lock.
    private const string DirectLineScript = """
        CREATE TABLE IF NOT EXISTS directline_conversations (
            id TEXT PRIMARY KEY,
            created_at BIGINT NOT NULL,
            last_used BIGINT NOT NULL,
            next_sequence BIGINT NOT NULL,
            last_timestamp_ticks BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_directline_conversations_last_used ON directline_conversations (last_used);
        CREATE TABLE IF NOT EXISTS directline_activities (
            conversation_id TEXT NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
            sequence BIGINT NOT NULL,
            activity_enc TEXT NOT NULL,
            PRIMARY KEY (conversation_id, sequence)
        );
        """;

    // 7 (5 on SQLite): each example wording remembers its conversation, so a visitor's erasure takes their words out
    // of the unanswered questions too (InsightsDeletion); turns and votes had it already and get indexes for it.
    private const string InsightsErasureScript = """
        ALTER TABLE insights_examples ADD COLUMN conversation_id TEXT NULL;
        CREATE INDEX IF NOT EXISTS ix_insights_examples_conversation ON insights_examples (conversation_id);
        CREATE INDEX IF NOT EXISTS ix_insights_examples_at ON insights_examples (at);
        CREATE INDEX IF NOT EXISTS ix_insights_turns_conversation ON insights_turns (conversation_id);
        CREATE INDEX IF NOT EXISTS ix_insights_votes_conversation ON insights_votes (conversation_id);
        """;

    // Turns counted by day, outcome and entry (InsightsTally) instead of a row per turn; rows stay only for the turns
    // staff need one by one (questions worth a look, the intake's steps). Existing rows are counted over first.
    // ON CONFLICT and IF NOT EXISTS: the erasure tests roll a database back to version 1 and migrate again.
    private const string InsightsDailyScript = """
        CREATE TABLE IF NOT EXISTS insights_daily (
            day BIGINT NOT NULL,
            kind TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            turns BIGINT NOT NULL,
            PRIMARY KEY (day, kind, entry_id)
        );
        INSERT INTO insights_daily (day, kind, entry_id, turns)
            SELECT at / 86400000, kind, COALESCE(entry_id, ''), COUNT(*) FROM insights_turns WHERE true
            GROUP BY at / 86400000, kind, COALESCE(entry_id, '')
            ON CONFLICT (day, kind, entry_id) DO NOTHING;
        INSERT INTO insights_daily (day, kind, entry_id, turns)
            SELECT first_day, 'conversation', '', COUNT(*) FROM (SELECT MIN(at) / 86400000 AS first_day FROM insights_turns GROUP BY conversation_id) firsts WHERE true
            GROUP BY first_day
            ON CONFLICT (day, kind, entry_id) DO NOTHING;
        DELETE FROM insights_turns WHERE kind NOT IN ('fallback', 'declined', 'clarified', 'intake');
        """;

    public static IReadOnlyList<string> Sqlite { get; } =
    [
        """
        CREATE TABLE handoff_requests (
            id TEXT PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            idempotency_key TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            urgent INTEGER NOT NULL,
            name_enc TEXT NOT NULL,
            phone_enc TEXT NULL,
            email_enc TEXT NULL,
            preferred_contact TEXT NOT NULL,
            best_time_enc TEXT NULL,
            reason_enc TEXT NULL,
            consent_at BIGINT NOT NULL,
            privacy_notice_version TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            transcript_enc TEXT NOT NULL
        );
        CREATE INDEX ix_handoff_requests_list ON handoff_requests (urgent DESC, created_at DESC);
        CREATE TABLE outbox (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES handoff_requests (id),
            channel TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            locked_until BIGINT NULL,
            last_error TEXT NULL,
            created_at BIGINT NOT NULL,
            sent_at BIGINT NULL,
            UNIQUE (request_id, channel)
        );
        CREATE INDEX ix_outbox_due ON outbox (state, next_attempt_at);
        CREATE TABLE staff_notes (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES handoff_requests (id),
            author TEXT NOT NULL,
            text_enc TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            request_id TEXT NULL,
            detail TEXT NULL
        );
        CREATE INDEX ix_audit_log_request ON audit_log (request_id, at);
        """,
        ContactIndexScript,
        StaffSessionsScript,
        InsightsScript,
        InsightsErasureScript,
        InsightsDailyScript,
    ];

    public static IReadOnlyList<string> PostgreSql { get; } =
    [
        """
        CREATE TABLE handoff_requests (
            id TEXT PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            idempotency_key TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            urgent BOOLEAN NOT NULL,
            name_enc TEXT NOT NULL,
            phone_enc TEXT NULL,
            email_enc TEXT NULL,
            preferred_contact TEXT NOT NULL,
            best_time_enc TEXT NULL,
            reason_enc TEXT NULL,
            consent_at BIGINT NOT NULL,
            privacy_notice_version TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            transcript_enc TEXT NOT NULL
        );
        CREATE INDEX ix_handoff_requests_list ON handoff_requests (urgent DESC, created_at DESC);
        CREATE TABLE outbox (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES handoff_requests (id),
            channel TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            locked_until BIGINT NULL,
            last_error TEXT NULL,
            created_at BIGINT NOT NULL,
            sent_at BIGINT NULL,
            UNIQUE (request_id, channel)
        );
        CREATE INDEX ix_outbox_due ON outbox (state, next_attempt_at);
        CREATE TABLE staff_notes (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES handoff_requests (id),
            author TEXT NOT NULL,
            text_enc TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE audit_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            request_id TEXT NULL,
            detail TEXT NULL
        );
        CREATE INDEX ix_audit_log_request ON audit_log (request_id, at);
        """,
        ContactIndexScript,
        StaffSessionsScript,
        InsightsScript,
        SharedStateScript,
        DirectLineScript,
        InsightsErasureScript,
        InsightsDailyScript,
    ];
}
