using Feedback.Core.Mr;

namespace Feedback.Core.Tests;

public class MrParserTests
{
    public static TheoryData<string> ValidMrs => new()
    {
        "request_explanation(release_year[2005], rating[excellent])",
        "inform(name[Dirt: Showdown], release_year[2012], esrb[E 10+ (for Everyone 10 and Older)], genres[driving/racing, sport], platforms[PlayStation, Xbox, PC], available_on_steam[no], has_linux_release[no], has_mac_release[no])",
        "inform(name[Spectrum HoloByte, Inc. Classics], developer[Spectrum HoloByte, Inc.], genres[simulation], player_perspective[first person])",
        "give_opinion(name[Deus Ex: Mankind Divided], developer[Eidos Montréal], rating[good])",
        "confirm(name[Mass Effect: Andromeda], exp_release_date[March 21, 2017], platforms[PlayStation, Xbox, PC])",
        "inform(name[Half-Life 3], exp_release_date[2019], genres[shooter], player_perspective[first person])",
        "request_attribute(genres[])",
        "request_attribute(has_multiplayer[])",
        "inform(name[Diablo III], esrb[M (for Mature)], genres[action-adventure, hack-and-slash, role-playing], player_perspective[bird view, third person], has_multiplayer[yes])",
        "inform(name[Tom Clancy's Rainbow Six & Friends], genres[adventure, hack-and-slash, MMORPG], platforms[Xbox, Nintendo, Nintendo Switch, PC])",
        "request(specifier[poorly balanced])",
        "request(player_perspective[side view], specifier[quick-to-learn])",
        "verify_attribute(name[Little Big Adventure], rating[average], has_multiplayer[no])",
        "suggest(name[Madden NFL 15], genres[sport], platforms[PlayStation, Xbox])",
        "recommend(name[F1 2014], has_linux_release[no])",
    };

    [Theory]
    [MemberData(nameof(ValidMrs))]
    public void Parse_ValidMr_FormatsBackByteForByte(string text)
    {
        var mr = MeaningRepresentation.Parse(text);

        Assert.Equal(text, mr.Format());
        Assert.Empty(MrValidator.Validate(mr));
    }

    [Fact]
    public void Parse_DateWithComma_KeepsCommaInsideTheValue()
    {
        var mr = MeaningRepresentation.Parse("confirm(name[Anthem], exp_release_date[February 22, 2019])");

        Assert.Equal("February 22, 2019", mr[SlotName.ExpReleaseDate]);
        Assert.Equal(2, mr.Slots.Count);
    }

    [Fact]
    public void Parse_DeveloperWithComma_IsOneValueNotAList()
    {
        var mr = MeaningRepresentation.Parse("inform(name[Falcon 4.0], developer[Spectrum HoloByte, Inc.], genres[simulation])");

        Assert.Equal("Spectrum HoloByte, Inc.", mr[SlotName.Developer]);
        Assert.Equal(["Spectrum HoloByte, Inc."], mr.Slots[1].Items);
    }

    [Fact]
    public void Parse_ListValue_SplitsOnlyListAttributes()
    {
        var mr = MeaningRepresentation.Parse("inform(name[X], genres[adventure, hack-and-slash, MMORPG], platforms[Xbox, PC])");

        Assert.Equal(["adventure", "hack-and-slash", "MMORPG"], mr.Slots[1].Items);
        var map = mr.ToAttributeMap();
        Assert.Equal("X", map["name"]);
        Assert.Equal(new[] { "Xbox", "PC" }, map["platforms"]);
    }

    [Fact]
    public void Parse_EsrbWithParentheses_ClosesOnlyAtTheEnd()
    {
        var mr = MeaningRepresentation.Parse("inform(name[Portal 2], esrb[E 10+ (for Everyone 10 and Older)], genres[puzzle])");

        Assert.Equal("E 10+ (for Everyone 10 and Older)", mr[SlotName.Esrb]);
    }

    [Theory]
    [InlineData("", 0, MrParseErrorKind.Empty)]
    [InlineData("   ", 0, MrParseErrorKind.Empty)]
    [InlineData("(name[X])", 0, MrParseErrorKind.ExpectedDialogueAct)]
    [InlineData("informs(name[X], genres[action], rating[good])", 0, MrParseErrorKind.UnknownDialogueAct)]
    [InlineData("Inform(name[X])", 0, MrParseErrorKind.ExpectedDialogueAct)]
    [InlineData("inform (name[X])", 6, MrParseErrorKind.ExpectedOpenParenthesis)]
    [InlineData("inform", 6, MrParseErrorKind.ExpectedOpenParenthesis)]
    [InlineData("inform()", 7, MrParseErrorKind.NoSlots)]
    [InlineData("inform(name[X], [action])", 16, MrParseErrorKind.ExpectedAttribute)]
    [InlineData("inform(name[X], genre[action])", 16, MrParseErrorKind.UnknownAttribute)]
    [InlineData("inform(name[X], name[Y])", 16, MrParseErrorKind.DuplicateAttribute)]
    [InlineData("inform(name X)", 11, MrParseErrorKind.ExpectedOpenBracket)]
    [InlineData("inform(name[X [Y]])", 14, MrParseErrorKind.BracketInValue)]
    [InlineData("inform(name[X", 11, MrParseErrorKind.UnterminatedValue)]
    [InlineData("inform(name[X],genres[action])", 14, MrParseErrorKind.ExpectedSeparatorOrClose)]
    [InlineData("inform(name[X] , genres[action])", 14, MrParseErrorKind.ExpectedSeparatorOrClose)]
    [InlineData("inform(name[X]", 14, MrParseErrorKind.ExpectedSeparatorOrClose)]
    [InlineData("inform(name[X]) ", 15, MrParseErrorKind.TrailingCharacters)]
    [InlineData("inform(name[X])\n", 15, MrParseErrorKind.TrailingCharacters)]
    public void TryParse_Malformed_ReportsPositionAndKind(string text, int position, MrParseErrorKind kind)
    {
        Assert.False(MrParser.TryParse(text, out _, out var error));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(position, error.Position);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Parse_Malformed_ThrowsWithTheError()
    {
        var ex = Assert.Throws<MrFormatException>(() => MeaningRepresentation.Parse("inform(name[X]"));

        Assert.Equal(MrParseErrorKind.ExpectedSeparatorOrClose, ex.Error.Kind);
        Assert.Contains("at 14", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameText_IsEqual()
    {
        var a = MeaningRepresentation.Parse("request(specifier[fun])");
        var b = new MeaningRepresentation(DialogueAct.Request, [new Slot(SlotName.Specifier, "fun")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
