namespace Bot.Knowledge;

/// <summary>
/// The one place the conversation asks "which entries answer this?". Today: the Lucene index.
/// Hybrid retrieval (sentence embeddings fused with Lucene scores) plugs in here, so dialogs
/// keep seeing ranked <see cref="KnowledgeHit"/>s with their scores.
/// </summary>
public sealed class Retriever(KnowledgeIndex index)
{
    public SearchResult Retrieve(string question) => index.Search(question, max: 5);
}
