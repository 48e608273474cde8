using Feedback.Core.Mr;

namespace Feedback.SampleData;

/// <summary>
/// The games the generator talks about: real titles of the kind the ViGGO corpus covers, and invented ones,
/// chosen to exercise the edge cases of the grammar (colons, apostrophes, ampersands, digits in names; a comma
/// and non-ASCII letters in developers; unreleased games with expected dates).
/// </summary>
public static class GameCatalogue
{
    // name | year or exp:date | developer | esrb (E, E10, T, M) | genres | perspectives | multiplayer | platforms | steam | linux | mac
    private const string Table = """
        Half-Life 2|2004|Valve Corporation|M|shooter|first person|y|PlayStation;Xbox;PC|y|y|y
        Portal 2|2011|Valve Corporation|E10|platformer;puzzle|first person|y|PlayStation;Xbox;PC|y|y|y
        Little Big Adventure|1994|Adeline Software International|E|action-adventure;puzzle|bird view;third person|n|PlayStation;PC|y|n|y
        Dirt: Showdown|2012|Codemasters|E10|driving/racing;sport|third person|y|PlayStation;Xbox;PC|n|n|n
        Falcon 4.0|1998|Spectrum HoloByte, Inc.|T|simulation|first person|y|PC|y|n|n
        Deus Ex: Mankind Divided|2016|Eidos Montréal|M|action-adventure;role-playing;shooter|first person|n|PlayStation;Xbox;PC|y|y|y
        The Elder Scrolls V: Skyrim|2011|Bethesda Game Studios|M|action-adventure;role-playing|first person;third person|n|PlayStation;Xbox;PC|y|n|n
        Mass Effect 3|2012|BioWare|M|action;role-playing;shooter|third person|y|PlayStation;Xbox;PC|n|n|n
        World of Warcraft|2004|Blizzard Entertainment|T|MMORPG;role-playing|third person|y|PC|n|n|y
        StarCraft|1998|Blizzard Entertainment|T|real-time strategy;strategy|bird view|y|Nintendo;PC|n|n|y
        Madden NFL 15|2014|EA Tiburon|E|simulation;sport|third person|y|PlayStation;Xbox|n|n|n
        F1 2014|2014|Codemasters|E|driving/racing;simulation;sport|first person;third person|y|PlayStation;Xbox;PC|y|n|n
        The Sims 2|2004|Maxis|T|simulation|bird view|n|PlayStation;Xbox;Nintendo;PC|n|n|y
        Super Mario Odyssey|2017|Nintendo EPD|E10|platformer|third person|n|Nintendo Switch|n|n|n
        Rocket League|2015|Psyonix|E|sport;vehicular combat|third person|y|PlayStation;Xbox;Nintendo Switch;PC|y|y|y
        Tom Clancy's The Division|2016|Massive Entertainment|M|role-playing;shooter;tactical|third person|y|PlayStation;Xbox;PC|n|n|n
        Stardew Valley|2016|ConcernedApe|E|indie;role-playing;simulation|bird view|y|PlayStation;Xbox;Nintendo Switch;PC|y|y|y
        Sid Meier's Civilization V|2010|Firaxis Games|E10|strategy;turn-based strategy|bird view|y|PC|y|y|y
        Guitar Hero III: Legends of Rock|2007|Neversoft|T|music|third person|y|PlayStation;Xbox;Nintendo;PC|n|n|y
        Worms Armageddon|1999|Team17|E|strategy;tactical;turn-based strategy|side view|y|PlayStation;Nintendo;PC|y|n|n
        Metroid Prime|2002|Retro Studios|T|action-adventure;shooter|first person|n|Nintendo|n|n|n
        Oddworld: Abe's Oddysee|1997|Oddworld Inhabitants|T|platformer;puzzle|side view|n|PlayStation;PC|y|n|n
        Dark Souls III|2016|FromSoftware|M|action;role-playing|third person|y|PlayStation;Xbox;PC|y|n|n
        Myst|1993|Cyan|E|adventure;point-and-click;puzzle|first person|n|PlayStation;PC|y|n|y
        Pinball FX3|2017|Zen Studios|E|arcade;pinball|bird view|y|PlayStation;Xbox;Nintendo Switch;PC|y|n|n
        Zork: The Great Underground Empire|1986|Infocom|E|adventure;text adventure|first person|n|PC|y|y|y
        Street Fighter V|2016|Capcom|T|arcade;fighting|side view|y|PlayStation;PC|y|n|n
        Hitman|2016|IO Interactive|M|action-adventure;shooter;tactical|third person|n|PlayStation;Xbox;PC|y|y|y
        Trivia Crack: Heroes & Legends|2015|Etermax|E|trivia/board game|first person|y|Nintendo Switch;PC|y|n|y
        Twisted Metal: Black|2001|Incognito Entertainment|M|action;vehicular combat|third person|y|PlayStation|n|n|n
        Anthem|exp:February 22, 2019|BioWare|T|action;role-playing;shooter|third person|y|PlayStation;Xbox;PC|n|n|n
        Cyberpunk 2077|exp:2019|CD Projekt RED|M|role-playing;shooter|first person|n|PlayStation;Xbox;PC|y|n|n
        Death Stranding|exp:2019|Kojima Productions|M|action|third person|n|PlayStation|n|n|n
        Crimson Hollow: Ashes of Veyra|2013|Lanternfish Studios|T|action-adventure;hack-and-slash|third person|n|PlayStation;Xbox;PC|y|n|n
        Neon Drift 2049|2015|Polyline & Sons|E|arcade;driving/racing|third person|y|Xbox;Nintendo Switch;PC|y|y|n
        Skyforge Tactics|2009|Østergaard Interactive|T|tactical;turn-based strategy|bird view|y|PC|y|y|y
        The Quiet Lighthouse|2018|Tidepool Games|E|adventure;indie;point-and-click|first person|n|Nintendo Switch;PC|y|y|y
        Gearbreakers: Siege of Iron|2011|Hammerfall Studios, Ltd.|T|real-time strategy;vehicular combat|bird view|y|Xbox;PC|y|n|n
        Moonlit Gambit|2017|Kōbō Nishiki|E10|indie;trivia/board game|bird view|y|Nintendo Switch;PC|y|n|y
        Bulwark of the Ninth Sun|exp:October 14, 2019|Greyhame Works|M|MMORPG;role-playing|third person|y|PC|y|n|n
        """;

    /// <summary>All games, in a fixed order.</summary>
    public static IReadOnlyList<Game> Games { get; } = Parse();

    private static Game[] Parse()
    {
        static string[] List(string s) => s.Split(';');
        static bool Yes(string s) => s == "y";
        var esrb = new Dictionary<string, string>
        {
            ["E"] = ViggoOntology.EsrbValues[0], ["E10"] = ViggoOntology.EsrbValues[1],
            ["T"] = ViggoOntology.EsrbValues[2], ["M"] = ViggoOntology.EsrbValues[3],
        };
        return Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Select(f => new Game(
                f[0],
                f[1].StartsWith("exp:", StringComparison.Ordinal) ? null : f[1],
                f[1].StartsWith("exp:", StringComparison.Ordinal) ? f[1][4..] : null,
                f[2], esrb[f[3]], List(f[4]), List(f[5]), Yes(f[6]), List(f[7]), Yes(f[8]), Yes(f[9]), Yes(f[10])))
            .ToArray();
    }
}
