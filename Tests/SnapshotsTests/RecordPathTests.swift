import Testing

@testable import Snapshots

@Suite struct RecordPathTests {
    @Test(arguments: [
        ("EGLL", "6e/EGLL.json"),
        ("KJFK", "d3/KJFK.json"),
        ("a/b", "3e/a%2Fb.json"),
        (".hidden", "92/%2Ehidden.json"),
        ("100%", "fa/100%25.json"),
    ])
    func pathInType(name: String, expected: String) {
        #expect(RecordPath.pathInType(name: name) == expected)
    }

    @Test(arguments: ["EGLL", "a/b", ".hidden", "100%", "tab\there", "x.y", "ünïcödé", "..", "%2F"])
    func pathsRoundTrip(name: String) throws {
        let path = RecordPath.path(type: "Airport", name: name)
        #expect(path.hasPrefix("records/Airport/"))
        let below = String(path.dropFirst("records/".count))
        let parsed = try #require(RecordPath.parse(pathBelowDirectory: below))
        #expect(parsed.type == "Airport")
        #expect(parsed.name == name)
        let segment = path.split(separator: "/").last!
        #expect(!segment.hasPrefix("."))
        #expect(!segment.contains("\t"))
    }

    @Test func foreignPathsAreNotRecords() {
        #expect(RecordPath.parse(pathBelowDirectory: "Airport/EGLL.json") == nil)
        #expect(RecordPath.parse(pathBelowDirectory: "Airport/6e/EGLL.txt") == nil)
        #expect(RecordPath.parse(pathBelowDirectory: "Airport/6e/%ZZ.json") == nil)
        #expect(RecordPath.parse(pathBelowDirectory: "Airport/6e/a1/b/c/EGLL.json") == nil)
        #expect(RecordPath.parse(pathBelowDirectory: "Airport/6e/EGLLjson") == nil)
        #expect(RecordPath.parse(pathBelowDirectory: "EGLL.json") == nil)
    }

    @Test func pathsParseAtEveryDepth() throws {
        for path in ["Airport/6e/EGLL.json", "Airport/6e/a1/EGLL.json", "Airport/6e/a1/f/EGLL.json"] {
            let parsed = try #require(RecordPath.parse(pathBelowDirectory: path))
            #expect(parsed.type == "Airport" && parsed.name == "EGLL", "\(path)")
        }
    }
}

@Suite struct TrailersTests {
    @Test func messageAndParsingRoundTrip() {
        let trailers = Trailers([("Cksync-New", "12"), ("Cksync-Remote", "production iCloud.x/development/public/_defaultZone")])
        let message = trailers.message(subject: "push production: 12 new")
        #expect(message == "push production: 12 new\n\nCksync-New: 12\nCksync-Remote: production iCloud.x/development/public/_defaultZone\n")
        let parsed = Trailers(parsing: message)
        #expect(parsed == trailers)
        #expect(parsed["Cksync-New"] == "12")
    }

    @Test func aMessageWithoutTrailersHasNone() {
        #expect(Trailers(parsing: "just a subject\n").items.isEmpty)
        #expect(Trailers(parsing: "subject\n\nsome prose: with a colon in it\n").items.isEmpty)
        #expect(Trailers(parsing: "").items.isEmpty)
        #expect(Trailers(parsing: "\n\n").items.isEmpty)
    }

    @Test func onlyTheLastParagraphHoldsTrailers() {
        let parsed = Trailers(parsing: "subject\n\nBody: not a trailer\nmore body\n\nA: 1\nCksync-Failure: Airport/X: reason: détail\n\n")
        #expect(parsed.items.map(\.key) == ["A", "Cksync-Failure"])
        #expect(parsed["Cksync-Failure"] == "Airport/X: reason: détail")
    }
}
