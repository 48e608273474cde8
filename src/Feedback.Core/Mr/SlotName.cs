namespace Feedback.Core.Mr;

/// <summary>The fourteen ViGGO attributes, declared in canonical order.</summary>
public enum SlotName
{
    /// <summary><c>name</c>: the game title.</summary>
    Name,
    /// <summary><c>exp_release_date</c>: the expected release date of an unreleased game.</summary>
    ExpReleaseDate,
    /// <summary><c>release_year</c>.</summary>
    ReleaseYear,
    /// <summary><c>developer</c>.</summary>
    Developer,
    /// <summary><c>esrb</c>: the ESRB content rating.</summary>
    Esrb,
    /// <summary><c>rating</c>: the opinion of the game.</summary>
    Rating,
    /// <summary><c>genres</c>: a list of 1 to 3 genres.</summary>
    Genres,
    /// <summary><c>player_perspective</c>: a list of 1 to 3 perspectives.</summary>
    PlayerPerspective,
    /// <summary><c>has_multiplayer</c>.</summary>
    HasMultiplayer,
    /// <summary><c>platforms</c>: a list of 1 to 4 platforms.</summary>
    Platforms,
    /// <summary><c>available_on_steam</c>.</summary>
    AvailableOnSteam,
    /// <summary><c>has_linux_release</c>.</summary>
    HasLinuxRelease,
    /// <summary><c>has_mac_release</c>.</summary>
    HasMacRelease,
    /// <summary><c>specifier</c>: an adjective, only in <c>request</c>.</summary>
    Specifier,
}
