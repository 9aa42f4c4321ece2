using Microsoft.Extensions.Compliance.Classification;

namespace Bot.Logging;

/// <summary>
/// What a logged value may hold about a visitor. Log parameters carry one of the attributes below, and the
/// redactor registered in <see cref="LoggingExtensions.AddRedactedLogging"/> replaces the value before any sink sees it.
/// </summary>
public static class DataClassifications
{
    public const string Taxonomy = "Clinic";

    /// <summary>Contact details and anything that identifies the visitor: name, phone, email, client address.</summary>
    public static DataClassification Personal { get; } = new(Taxonomy, nameof(Personal));

    /// <summary>Free text the visitor typed (and error messages that may quote it).</summary>
    public static DataClassification VisitorText { get; } = new(Taxonomy, nameof(VisitorText));
}

[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(DataClassifications.Personal);

[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class VisitorTextAttribute() : DataClassificationAttribute(DataClassifications.VisitorText);
