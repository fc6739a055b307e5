import Foundation

extension CloudKitClient {
    /// Every page of a query, pipelined: as soon as a page's bytes are in, its continuation marker
    /// is read and the next page asked for, so the server works on page N+1 while this side reads
    /// page N and `page` uses it. Pages still come in order, one request in flight at a time.
    package func queryPages(_ request: QueryRequest, _ page: (QueryResponse) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: PageAnswer.self) { group in
            group.addTask { try await self.pageAnswer(request) }
            while let answer = try await group.next() {
                if let marker = answer.marker {
                    var next = request
                    next.continuationMarker = marker
                    group.addTask { try await self.pageAnswer(next) }
                }
                let response: QueryResponse
                do {
                    response = try QueryResponse(json: answer.body)
                } catch {
                    throw unreadable(answer.body, status: 200, operation: Self.queryOperation, error)
                }
                try await page(response)
            }
        }
    }

    private static let queryOperation = "records/query"

    /// A page's body, and its continuation marker read ahead of its records.
    private struct PageAnswer: Sendable {
        var body: Data
        var marker: String?
    }

    private func pageAnswer(_ request: QueryRequest) async throws -> PageAnswer {
        try await send(Self.queryOperation, body: request) { body in
            PageAnswer(body: body, marker: try QueryResponse.continuationMarker(json: body))
        }
    }
}
