/// Word lists the factories draw from, as UTF-8 bytes. Some are non-ASCII (one initial is
/// decomposed, NFD, so NFC normalization has work), some names carry commas and double
/// quotes, so CSV quoting and JSON escaping get exercised.
enum Vocabulary {
    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    static let initials = bytes([
        "Ka", "Lo", "Mé", "Ri", "Sa", "Tö", "Vi", "Ber", "Gå", "Ñu", "Zel", "Dø", "Han", "Ło", "Ar",
        "Ey", "Jó", "Re\u{301}", "Ku", "Pe", "Sø", "Ma", "No", "Ol", "Ćo", "Bra", "Fu", "Ge", "Ho", "Is", "Um",
    ])
    static let syllables = bytes([
        "ra", "li", "no", "vik", "berg", "ton", "ville", "stad", "ø", "ña", "ço", "mü", "ka", "sa",
        "lé", "ri", "do", "hå", "lin", "gen", "port", "ham", "wa", "zy", "ő", "na", "ke", "bu",
    ])
    static let cityPrefixes = bytes(["San ", "Nueva ", "Bad ", "Saint-", "Port ", "Nový ", "Ciudad "])
    static let airportSuffixes = bytes([
        " International", " Regional", " Municipal", " Airfield", " Airport", " Intl, Terminal 2",
        " \"Old\" Field", " Aéroport", " Flughafen", " 空港", " County, North Field", " Heliport",
    ])
    static let placeSuffixes = bytes([
        " Park", " Museum", " Café", " Plaza, East", " Bäckerei", " \"The\" Market", " Station",
        " Library", " Gardens", " 公園", " Harbour, Pier 3", " Stadium",
    ])
    static let countries = bytes([
        "US", "CA", "MX", "BR", "AR", "GB", "FR", "DE", "ES", "IT", "NO", "SE", "FI", "PL", "CZ",
        "JP", "CN", "IN", "AU", "NZ", "ZA", "EG", "KE", "IS", "DK", "PT", "NL", "BE", "CH", "AT",
    ])
    static let timezones = bytes([
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Sao_Paulo", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Oslo",
        "Europe/Warsaw", "Asia/Tokyo", "Asia/Kolkata", "Asia/Shanghai", "Australia/Sydney",
        "Pacific/Auckland", "Africa/Johannesburg", "Africa/Cairo", "Atlantic/Reykjavik", "UTC",
    ])
    static let categories = bytes([
        "park", "museum", "cafe", "market", "station", "library", "garden", "stadium", "harbour",
        "school", "church", "bridge",
    ])
    static let tags = bytes([
        "outdoor", "family", "free", "historic", "accessible", "wifi", "parking", "pets",
        "night", "guided", "café", "view", "UNESCO", "kids", "food",
    ])
    static let noteWords = bytes([
        "open", "daily", "closed", "mondays", "seasonal", "hours", "vary", "see", "website",
        "entrance", "north", "side", "tickets", "required", "groups", "welcome", "über", "très",
    ])
    static let uppercase = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let intlSuffix = Array(" Intl".utf8)
    static let space = UInt8(ascii: " ")
}
