using Feedback.Core.Mr;

namespace Feedback.Core.Tests;

public class MrValidatorTests
{
    [Theory]
    [InlineData("inform(name[X], genres[action])", MrViolationKind.TooFewSlots)]
    [InlineData("request_explanation(rating[good])", MrViolationKind.TooFewSlots)]
    [InlineData("give_opinion(name[X], rating[good], genres[action], player_perspective[first person], has_multiplayer[yes])", MrViolationKind.TooManySlots)]
    [InlineData("inform(name[X], release_year[2001], developer[Y])", MrViolationKind.MissingRequiredAttribute)]
    [InlineData("give_opinion(name[X], genres[action], has_multiplayer[yes])", MrViolationKind.MissingRequiredAttribute)]
    [InlineData("request(release_year[2001])", MrViolationKind.MissingRequiredAttribute)]
    [InlineData("request(name[X], specifier[fun])", MrViolationKind.AttributeNotAllowed)]
    [InlineData("recommend(name[X], rating[good])", MrViolationKind.AttributeNotAllowed)]
    [InlineData("give_opinion(name[X], exp_release_date[2019], rating[good])", MrViolationKind.AttributeNotAllowed)]
    [InlineData("inform(name[X], genres[action], specifier[fun])", MrViolationKind.AttributeNotAllowed)]
    [InlineData("request_attribute(name[])", MrViolationKind.AttributeNotAllowed)]
    [InlineData("inform(name[], genres[action], rating[good])", MrViolationKind.EmptyValue)]
    [InlineData("request_attribute(genres[action])", MrViolationKind.ValueNotEmpty)]
    [InlineData("inform(name[ X], genres[action], rating[good])", MrViolationKind.MalformedText)]
    [InlineData("inform(name[X], rating[great], genres[action])", MrViolationKind.InvalidValue)]
    [InlineData("inform(name[X], esrb[M], genres[action])", MrViolationKind.InvalidValue)]
    [InlineData("inform(name[X], genres[action], has_multiplayer[true])", MrViolationKind.InvalidValue)]
    [InlineData("inform(name[X], release_year[99], genres[action])", MrViolationKind.InvalidYear)]
    [InlineData("inform(name[X], exp_release_date[March 32, 2019], genres[action])", MrViolationKind.InvalidDate)]
    [InlineData("inform(name[X], exp_release_date[Marchember 2, 2019], genres[action])", MrViolationKind.InvalidDate)]
    [InlineData("inform(name[X], exp_release_date[next year], genres[action])", MrViolationKind.InvalidDate)]
    [InlineData("inform(name[X], genres[action, space opera])", MrViolationKind.InvalidListItem)]
    [InlineData("inform(name[X], genres[Action], rating[good])", MrViolationKind.InvalidListItem)]
    [InlineData("inform(name[X], genres[action, action])", MrViolationKind.DuplicateListItem)]
    [InlineData("inform(name[X], genres[action, adventure, indie, puzzle])", MrViolationKind.TooManyListItems)]
    [InlineData("inform(name[X], rating[good], release_year[2001], genres[action])", MrViolationKind.AttributeOrder)]
    [InlineData("inform(name[X], genres[MMORPG, adventure], rating[good])", MrViolationKind.AttributeOrder)]
    [InlineData("inform(name[X], rating[good], genres[MMORPG, adventure])", MrViolationKind.ListItemOrder)]
    [InlineData("inform(name[X], genres[action], platforms[PC, Xbox])", MrViolationKind.ListItemOrder)]
    public void Validate_BrokenRule_ReportsIt(string text, MrViolationKind expected)
    {
        var violations = MrValidator.Validate(MeaningRepresentation.Parse(text));

        Assert.Contains(violations, v => v.Kind == expected);
    }

    [Theory]
    [InlineData("inform(name[X], rating[good], genres[MMORPG, adventure], platforms[PC, PlayStation])", "inform(name[X], rating[good], genres[adventure, MMORPG], platforms[PlayStation, PC])")]
    [InlineData("inform(genres[shooter], name[X], release_year[2004])", "inform(name[X], release_year[2004], genres[shooter])")]
    [InlineData("inform(name[X], player_perspective[third person, bird view], genres[action])", "inform(name[X], genres[action], player_perspective[bird view, third person])")]
    [InlineData("suggest(platforms[PC, Nintendo Switch, Nintendo], name[X])", "suggest(name[X], platforms[Nintendo, Nintendo Switch, PC])")]
    public void Canonicalize_OutOfOrder_PutsAttributesAndItemsInOrder(string input, string expected)
    {
        var canonical = MrCanonicalizer.Canonicalize(MeaningRepresentation.Parse(input));

        Assert.Equal(expected, canonical.Format());
        Assert.Empty(MrValidator.Validate(canonical));
    }

    [Fact]
    public void Check_InvalidAndUnparseable_GiveReasonCodes()
    {
        Assert.Equal("parse:UnknownDialogueAct", MrCheck.Check("greet(name[X])").ReasonCode);
        Assert.Equal("rule:InvalidValue", MrCheck.Check("inform(name[X], rating[meh], genres[action])").ReasonCode);
        Assert.True(MrCheck.Check("request(specifier[fun])").IsValid);
        Assert.Null(MrCheck.Check("request(specifier[fun])").Reason);
    }

    [Fact]
    public void Ontology_RequestAttribute_AllowsOnlyAttributesOutsideTheRestrictedOnes()
    {
        var allowed = ViggoOntology.Get(DialogueAct.RequestAttribute).Allowed;

        Assert.DoesNotContain(SlotName.Name, allowed);
        Assert.DoesNotContain(SlotName.Rating, allowed);
        Assert.DoesNotContain(SlotName.Specifier, allowed);
        Assert.DoesNotContain(SlotName.ExpReleaseDate, allowed);
        Assert.Contains(SlotName.Genres, allowed);
        Assert.Equal(14, ViggoOntology.Attributes.Count);
        Assert.Equal(9, ViggoOntology.Acts.Count);
    }
}
