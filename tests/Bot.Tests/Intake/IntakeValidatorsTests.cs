using Bot.Conversation.Intake;

namespace Bot.Tests.Intake;

public class IntakeValidatorsTests
{
    [Theory]
    [InlineData("415 555 0132", "US", "+14155550132")]
    [InlineData("(415) 555-0132", "US", "+14155550132")]
    [InlineData("415.555.0132", "US", "+14155550132")]
    [InlineData("+1 415 555 0132", "US", "+14155550132")]
    [InlineData("my cell is 415-555-0132", "US", "+14155550132")]
    [InlineData("+44 20 7946 0958", "US", "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    public void PhoneNumbersAreNormalisedToE164(string typed, string region, string e164) =>
        Assert.Equal(e164, IntakeValidators.Phone(typed, region).Value?.E164);

    [Theory]
    [InlineData("555 0132", "looks short")]
    [InlineData("4155", "looks short")]
    [InlineData("415 555 0132 999", "too long")]
    [InlineData("123 456 7890", "working phone number")]
    [InlineData("no idea", "didn't see a phone number")]
    public void BadPhoneNumbersSayWhy(string typed, string reason) =>
        Assert.Contains(reason, IntakeValidators.Phone(typed, "US").Error);

    [Theory]
    [InlineData("jane@example.com", "jane@example.com")]
    [InlineData("Jane.Doe+clinic@Example.COM", "Jane.Doe+clinic@example.com")]
    [InlineData("my email is jane@x.com.", "jane@x.com")]
    [InlineData("<jane@x.co.uk>", "jane@x.co.uk")]
    public void EmailsAreAccepted(string typed, string expected) => Assert.Equal(expected, IntakeValidators.Email(typed).Value);

    [Theory]
    [InlineData("jane.example.com", "needs an @")]
    [InlineData("jane@example", "missing its ending")]
    [InlineData("@example.com", "incomplete")]
    [InlineData("jane doe@example.com", "no spaces")]
    [InlineData("jane@exa_mple.com", "doesn't look quite right")]
    public void BadEmailsSayWhy(string typed, string reason) => Assert.Contains(reason, IntakeValidators.Email(typed).Error);

    [Theory]
    [InlineData("Dana Smith", "Dana Smith")]
    [InlineData("dana smith", "Dana Smith")]
    [InlineData("I'm Dana Smith", "Dana Smith")]
    [InlineData("my name is María José de la Cruz", "María José de la Cruz")]
    [InlineData("Siobhan O'Neill-McKay", "Siobhan O'Neill-McKay")]
    [InlineData("Will Smith", "Will Smith")]
    public void NamesAreAccepted(string typed, string expected) => Assert.Equal(expected, IntakeValidators.Name(typed).Value);

    [Theory]
    [InlineData("Dana", "last name")]
    [InlineData("yes", "doesn't look like a name")]
    [InlineData("4155550132", "didn't catch a name")]
    public void NamesThatDoNotFitSayWhy(string typed, string reason) => Assert.Contains(reason, IntakeValidators.Name(typed).Error);

    [Theory]
    [InlineData("depression", HelpReason.Depression)]
    [InlineData("mostly anxiety and panic attacks", HelpReason.Anxiety)]
    [InlineData("PTSD", HelpReason.Ptsd)]
    [InlineData("back pain", HelpReason.ChronicPain)]
    [InlineData("Chronic pain", HelpReason.ChronicPain)]
    [InlineData("something else", HelpReason.Other)]
    [InlineData("Prefer not to say", HelpReason.PreferNotToSay)]
    [InlineData("I'd rather not say", HelpReason.PreferNotToSay)]
    public void ReasonsAreReadFromButtonsOrWords(string typed, HelpReason reason) => Assert.Equal(reason, IntakeValidators.Reason(typed).Value);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("yep I'm 34", true)]
    [InlineData("34", true)]
    [InlineData("I'm over 18", true)]
    [InlineData("no", false)]
    [InlineData("I'm 16", false)]
    [InlineData("under 18", false)]
    public void AgeAnswersAreUnderstood(string typed, bool adult) => Assert.Equal(adult, IntakeValidators.Adult(typed).Value);

    [Theory]
    [InlineData("not sure")]
    [InlineData("why do you need that")]
    public void UnclearAgeAnswersAreAskedAgain(string typed) => Assert.False(IntakeValidators.Adult(typed).IsValid);

    [Theory]
    [InlineData("texting is best", true, true, ContactMethod.Text)]
    [InlineData("Call", true, false, ContactMethod.Call)]
    [InlineData("e-mail please", true, true, ContactMethod.Email)]
    public void ContactMethodsAreRead(string typed, bool phone, bool email, ContactMethod method) =>
        Assert.Equal(method, IntakeValidators.ContactMethodOf(typed, phone, email).Value);

    [Fact]
    public void EmailCannotBeChosenWithoutAnAddress() =>
        Assert.Contains("don't have an email", IntakeValidators.ContactMethodOf("email", hasPhone: true, hasEmail: false).Error);
}
