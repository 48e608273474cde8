namespace Feedback.Core.Mr;

/// <summary>The nine ViGGO dialogue acts. The wire name of each is its snake_case form.</summary>
public enum DialogueAct
{
    /// <summary>States facts about a game (<c>inform</c>).</summary>
    Inform,
    /// <summary>Gives an opinion about a game (<c>give_opinion</c>).</summary>
    GiveOpinion,
    /// <summary>Checks whether an attribute explains an opinion (<c>verify_attribute</c>).</summary>
    VerifyAttribute,
    /// <summary>Asks for a game with a property (<c>request</c>).</summary>
    Request,
    /// <summary>Asks why the user holds an opinion (<c>request_explanation</c>).</summary>
    RequestExplanation,
    /// <summary>Recommends a game (<c>recommend</c>).</summary>
    Recommend,
    /// <summary>Suggests a game (<c>suggest</c>).</summary>
    Suggest,
    /// <summary>Confirms which game is meant (<c>confirm</c>).</summary>
    Confirm,
    /// <summary>Asks about the user's preference for one attribute (<c>request_attribute</c>).</summary>
    RequestAttribute,
}
