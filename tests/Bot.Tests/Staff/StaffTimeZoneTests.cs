using Bot.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Staff;

public class StaffTimeZoneTests
{
    [Theory]
    [InlineData("Eastern Time")]
    [InlineData("America/Atlantis")]
    [InlineData("")]
    public async Task StartUpRefusesATimeZoneThatDoesNotExistAndSaysWhichSetting(string zone)
    {
        // Just the feature's registration on a bare host: a whole app that fails to start leaves its model loading behind.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Staff:TimeZone"] = zone;
        builder.AddStaff();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Staff:TimeZone must be an IANA time zone id, such as America/New_York.", error.Message);
    }

    [Fact]
    public async Task StartUpAcceptsAnIanaTimeZone()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Staff:TimeZone"] = "America/Chicago";
        builder.AddStaff();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Equal("America/Chicago", host.Services.GetRequiredService<IOptions<StaffOptions>>().Value.TimeZone);
        await host.StopAsync();
    }
}
