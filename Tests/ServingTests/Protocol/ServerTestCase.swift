import XCTest
@testable import Serving

/// A test case with a fresh reference server and a client for each test.
class ServerTestCase: XCTestCase {
    var server: ModelServer!
    var client: HTTPClient!
    /// The server's batching; subclasses override it to test other settings.
    var batching: BatchingConfiguration { BatchingConfiguration(enabled: true, maxBatchSize: 8, maxQueueDelayMicroseconds: 100) }

    override func setUpWithError() throws {
        server = try Fixtures.startServer(batching: batching)
        client = HTTPClient(host: "127.0.0.1", port: server.port)
    }

    override func tearDown() {
        server.stop()
        server.wait()
    }
}
