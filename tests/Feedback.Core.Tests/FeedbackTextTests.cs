using Feedback.Core.Records;

namespace Feedback.Core.Tests;

public class FeedbackTextTests
{
    [Theory]
    [InlineData("  hello   world \n", "hello world")]
    [InlineData("tab\there", "tab here")]
    [InlineData("zero\u200Bwidth", "zerowidth")]
    [InlineData("ｆｕｌｌｗｉｄｔｈ", "fullwidth")]
    [InlineData("bell\u0007 sound", "bell sound")]
    [InlineData("Love it 🔥🔥", "Love it 🔥🔥")]
    public void Normalize_Text_CollapsesSpacesAndStripsControls(string input, string expected)
    {
        Assert.Equal(expected, FeedbackText.Normalize(input));
    }

    [Fact]
    public void ContentKey_SameTextDifferentCaseAndSpacing_IsTheSame()
    {
        var a = FeedbackText.ContentKey("Portal 2 is GREAT", "give_opinion(name[Portal 2], rating[excellent], genres[puzzle])");
        var b = FeedbackText.ContentKey("  portal 2   is great ", "give_opinion(name[Portal 2], rating[excellent], genres[puzzle])");

        Assert.Equal(a, b);
        Assert.Equal(32, a.Length);
    }

    [Fact]
    public void ContentKey_DifferentLabel_Differs()
    {
        Assert.NotEqual(FeedbackText.ContentKey("x", "request(specifier[fun])"), FeedbackText.ContentKey("x", null));
        Assert.NotEqual(FeedbackText.ContentKey("x", "request(specifier[fun])"), FeedbackText.ContentKey("x", "request(specifier[bad])"));
    }

    [Fact]
    public void ContentKey_IsStableAcrossRuns()
    {
        // Fixed values: de-duplication against older dataset versions depends on the key never changing.
        Assert.Equal("59f0b2b1911b8022cd91cdc20938a751", FeedbackText.ContentKey("hello", null));
        Assert.Equal("14e8999f84b98b78366f21d447649174", FeedbackText.ContentKey(" Portal 2  is GREAT", "request(specifier[fun])"));
        Assert.Equal(FeedbackText.ContentKey("hello", null), new Records.FeedbackRecord("1", "api", DateTimeOffset.UnixEpoch, "hello", null).ContentKey);
    }
}
