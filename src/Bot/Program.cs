using Bot;
using Bot.Conversation;
using Bot.Handoff;
using Bot.Knowledge;
using Bot.Protocol;
using Bot.Staff;

if (await CommandLine.TryRunAsync(args) is int exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppPaths.ContentRoot() });
try
{
    builder.AddKnowledge();
    builder.AddConversation();
    builder.AddBotProtocol();
    builder.AddHandoff();
    builder.AddStaff();
}
catch (KnowledgeException ex)
{
    // A broken knowledge file is an editing mistake: say where, without a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapBotMessages();
app.MapStaff();
app.MapHealthChecks("/health");
app.Run();
return 0;
