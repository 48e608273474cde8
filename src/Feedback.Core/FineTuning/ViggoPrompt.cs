using Feedback.Core.Mr;

namespace Feedback.Core.FineTuning;

/// <summary>
/// The one system prompt used for training, evaluation and serving, byte for byte. Changing it is a new
/// <see cref="Version"/>: models trained on one version are evaluated and served with the same one.
/// </summary>
public static class ViggoPrompt
{
    /// <summary>The prompt version, recorded in dataset manifests and the model registry.</summary>
    public const string Version = "viggo-v1";

    /// <summary>The system prompt.</summary>
    public static readonly string System = Build();

    private static string Build()
    {
        var acts = string.Join(", ", ViggoOntology.Acts.Select(a => a.WireName));
        var attributes = string.Join(", ", ViggoOntology.Attributes.Select(a => a.WireName));
        return
            "Given a target sentence about video games, construct the underlying meaning representation of the input " +
            "sentence as a single function with attributes and attribute values. This function should describe the " +
            "target string accurately and the function must be one of the following: [" + acts + "]. The attributes " +
            "must be one of the following: [" + attributes + "]. The order your list the attributes within the " +
            "function must follow the order listed above. For example the 'name' attribute must always come before " +
            "the 'exp_release_date' attribute, and so forth. For each attribute, fill in the corresponding value of " +
            "the attribute within brackets. A couple of examples are below. Note: you are to output the string after " +
            "\"Output: \". Do not include \"Output: \" in your answer.\n\n" +
            "Example 1)\nSentence: Dirt: Showdown from 2012 is a sport racing game for the PlayStation, Xbox, PC rated " +
            "E 10+ (for Everyone 10 and Older). It's not available on Steam, Linux, or Mac.\n" +
            "Output: inform(name[Dirt: Showdown], release_year[2012], esrb[E 10+ (for Everyone 10 and Older)], " +
            "genres[driving/racing, sport], platforms[PlayStation, Xbox, PC], available_on_steam[no], " +
            "has_linux_release[no], has_mac_release[no])\n\n" +
            "Example 2)\nSentence: Were there even any terrible games in 2014?\n" +
            "Output: request(release_year[2014], specifier[terrible])\n\n" +
            "Give the output for the following sentence:";
    }
}
