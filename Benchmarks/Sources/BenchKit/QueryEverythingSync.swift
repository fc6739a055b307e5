import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The way a script syncs a data file to CloudKit without cksync, the baseline of the push over
/// latency: query every record of the type page by page (200 a page, one request after another,
/// each page's continuation marker asking for the next), compare each with the data file's
/// record under the same compare rules as cksync (ignored fields left out, coordinates within the
/// location tolerance, doubles within the double tolerance), then write the new and changed
/// records with `forceReplace`, 200 a request, one request after another. Like `cksync push`
/// without `--delete-orphans`, it deletes nothing.
///
/// It talks to `cksync serve` started with `--allow-unsigned`: signing is a fraction of a
/// millisecond a request either way.
public struct QueryEverythingSync {
    /// `http://127.0.0.1:PORT`.
    let endpoint: String
    let container: String
    let source: SourceSpec
    let workspace: String

    public init(endpoint: String, container: String, source: SourceSpec, workspace: String) {
        self.endpoint = endpoint
        self.container = container
        self.source = source
        self.workspace = workspace
    }

    /// What one run did.
    public struct Outcome: Sendable {
        public var pages = 0
        public var remoteRecords = 0
        public var written = 0
        public var writeRequests = 0
    }

    public func run() throws -> Outcome {
        var outcome = Outcome()
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }

        var remote: [String: [String: Any]] = [:]
        var marker: String?
        repeat {
            var query: [String: Any] = [
                "zoneID": ["zoneName": "_defaultZone"], "resultsLimit": 200,
                "query": ["recordType": source.schema.typeName],
            ]
            if let marker { query["continuationMarker"] = marker }
            let page = try post("records/query", query, session: session)
            for record in page["records"] as? [[String: Any]] ?? [] {
                guard let name = record["recordName"] as? String else { continue }
                remote[name] = record["fields"] as? [String: Any] ?? [:]
            }
            marker = page["continuationMarker"] as? String
            outcome.pages += 1
        } while marker != nil
        outcome.remoteRecords = remote.count

        var operations: [[String: Any]] = []
        let file = try SourceFile(path: workspace + "/" + source.relativePath, spec: source)
        var row = Row(columns: source.schema.columns.count)
        for index in file.records.indices {
            try RowDecoder.decode(file.record(index), schema: source.schema, format: source.format, into: &row)
            guard let name = row.scalar(source.schema.nameColumn).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw BenchError("\(source.relativePath):\(file.lines[index]): no record name")
            }
            let fields = wireFields(row)
            if let existing = remote[name], matches(fields, existing) { continue }
            operations.append([
                "operationType": "forceReplace",
                "record": ["recordName": name, "recordType": source.schema.typeName, "fields": fields],
            ])
        }
        for start in stride(from: 0, to: operations.count, by: 200) {
            let batch = Array(operations[start..<min(start + 200, operations.count)])
            let answer = try post(
                "records/modify", ["operations": batch, "atomic": false, "zoneID": ["zoneName": "_defaultZone"]],
                session: session)
            for record in answer["records"] as? [[String: Any]] ?? [] where record["serverErrorCode"] != nil {
                throw BenchError("records/modify: \(record)")
            }
            outcome.writeRequests += 1
        }
        outcome.written = operations.count
        return outcome
    }

    /// A record's fields as CloudKit Web Services spells them, from a source row.
    private func wireFields(_ row: Row) -> [String: Any] {
        var fields: [String: Any] = [:]
        for field in source.schema.fields {
            let columns = field.columns
            func text(_ column: Int) -> String? { row.scalar(column).map { String(decoding: $0, as: UTF8.self) } }
            let value: Any?
            switch field.type {
            case .string: value = text(columns[0])
            case .int64: value = text(columns[0]).flatMap { Int64($0) }
            case .double: value = text(columns[0]).flatMap { Double($0) }
            case .timestamp:
                value = row.scalar(columns[0]).flatMap { ByteFormat.parseTimestamp($0) }.map { $0 * 1000 }
            case .stringList:
                if case .absent = row.cells[columns[0]] { value = nil } else {
                    value = row.list(columns[0]).map { String(decoding: $0, as: UTF8.self) }
                }
            case .location:
                if let latitude = text(columns[0]).flatMap(Double.init),
                    let longitude = text(columns[1]).flatMap(Double.init)
                {
                    value = ["latitude": latitude, "longitude": longitude]
                } else {
                    value = nil
                }
            }
            if let value { fields[field.name] = ["type": field.type.rawValue, "value": value] }
        }
        return fields
    }

    /// Whether the server's fields hold the local ones under the compare rules.
    private func matches(_ local: [String: Any], _ remote: [String: Any]) -> Bool {
        let schema = source.schema
        for field in schema.fields where !schema.ignored.contains(field.name) {
            let mine = (local[field.name] as? [String: Any])?["value"]
            let theirs = (remote[field.name] as? [String: Any])?["value"]
            switch (mine, theirs) {
            case (nil, nil): continue
            case (nil, _), (_, nil): return false
            case (let mine?, let theirs?):
                guard Self.equal(mine, theirs, type: field.type, schema: schema) else { return false }
            }
        }
        return true
    }

    private static func equal(_ mine: Any, _ theirs: Any, type: CloudKitType, schema: RecordSchema) -> Bool {
        switch type {
        case .string: return (mine as? String) == (theirs as? String)
        case .stringList: return (mine as? [String]) == (theirs as? [String])
        case .int64, .timestamp: return (mine as? NSNumber)?.int64Value == (theirs as? NSNumber)?.int64Value
        case .double:
            guard let a = (mine as? NSNumber)?.doubleValue, let b = (theirs as? NSNumber)?.doubleValue else {
                return false
            }
            return abs(a - b) <= schema.doubleTolerance
        case .location:
            guard let a = mine as? [String: Any], let b = theirs as? [String: Any] else { return false }
            for key in ["latitude", "longitude"] {
                guard let x = (a[key] as? NSNumber)?.doubleValue, let y = (b[key] as? NSNumber)?.doubleValue,
                    abs(x - y) <= schema.locationTolerance
                else { return false }
            }
            return true
        }
    }

    /// POSTs `body` to `/database/1/<container>/development/public/<operation>`; the answer.
    private func post(_ operation: String, _ body: [String: Any], session: URLSession) throws -> [String: Any] {
        let url = URL(string: "\(endpoint)/database/1/\(container)/development/public/\(operation)")!
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<(Data, Int), Error> = .failure(BenchError("no answer"))
        session.dataTask(with: request) { data, response, error in
            if let error {
                result = .failure(error)
            } else {
                result = .success((data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
            }
            finished.signal()
        }.resume()
        finished.wait()
        let (data, status) = try result.get()
        guard status == 200, let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("\(operation): HTTP \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return answer
    }
}
