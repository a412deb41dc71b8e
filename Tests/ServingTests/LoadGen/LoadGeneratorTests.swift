import Foundation
import Synchronization
import XCTest
@testable import Serving

/// Answers at once, except that every answer due inside the stall window is held until the window ends.
private final class StallingHandler: HTTPHandler, @unchecked Sendable {
    let stallFrom: UInt64
    let stallUntil: UInt64
    init(stallFrom: UInt64, stallUntil: UInt64) {
        self.stallFrom = stallFrom
        self.stallUntil = stallUntil
    }
    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let now = monotonicNanos()
        let response = HTTPResponse.json(.ok, Array("{}".utf8))
        if now >= stallFrom && now < stallUntil {
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(stallUntil - now))) { responder.send(response) }
        } else {
            responder.send(response)
        }
    }
}

/// Answers one request at a time, each after `serviceMilliseconds`: at concurrency c a
/// closed-loop request waits about c × service time.
private final class SerialHandler: HTTPHandler, @unchecked Sendable {
    let serviceMilliseconds: Int
    private let queue = DispatchQueue(label: "serial-handler")
    init(serviceMilliseconds: Int) { self.serviceMilliseconds = serviceMilliseconds }
    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        queue.async { [serviceMilliseconds] in
            usleep(useconds_t(serviceMilliseconds * 1000))
            responder.send(HTTPResponse.json(.ok, Array("{}".utf8)))
        }
    }
}

final class LoadGeneratorTests: XCTestCase {
    /// A configuration for `target` with a short window.
    private func configuration(_ target: LoadTarget, duration: Double, warmup: Double, connections: Int) -> LoadConfiguration {
        var config = LoadConfiguration(target: target)
        config.duration = duration
        config.warmup = warmup
        config.connections = connections
        return config
    }

    func testEndToEndScenariosAgainstTheReferenceServer() throws {
        let server = try Fixtures.startServer(batching: BatchingConfiguration(enabled: true, maxBatchSize: 16, maxQueueDelayMicroseconds: 200))
        defer {
            server.stop()
            server.wait()
        }
        let config = configuration(try LoadTarget(url: "http://127.0.0.1:\(server.port)", model: "mlp-fp32"), duration: 0.4, warmup: 0.1, connections: 4)
        let generator = LoadGenerator(configuration: config)

        let single = try generator.run(.singleStream)
        XCTAssertEqual(single.errors, 0)
        XCTAssertGreaterThan(single.requests, 20)
        XCTAssertEqual(single.connections, 1)

        let open = try generator.run(.server(rate: 400))
        XCTAssertEqual(open.errors, 0)
        XCTAssertEqual(open.achievedRate, 400, accuracy: 120)
        XCTAssertLessThanOrEqual(open.latency.p50, open.latency.p99)
        XCTAssertLessThanOrEqual(open.latency.p99, open.latency.p999)
        XCTAssertEqual(open.histogram.count, UInt64(open.requests))

        let sweep = try generator.run(.concurrencySweep([1, 4]))
        XCTAssertEqual(sweep.steps?.map(\.connections), [1, 4])
        XCTAssertEqual(sweep.achievedRate, sweep.steps?.map(\.achievedRate).max())

        let encoded = try JSONEncoder().encode(open)
        let decoded = try JSONDecoder().decode(LoadReport.self, from: encoded)
        XCTAssertEqual(decoded.requests, open.requests)
        XCTAssertEqual(decoded.histogram, open.histogram)
        XCTAssertTrue(open.summary.hasPrefix("server: "), open.summary)

        let metrics = try HTTPClient(host: "127.0.0.1", port: server.port).request("GET", "/metrics")
        XCTAssertTrue(String(decoding: metrics.body, as: UTF8.self).contains("benchkit_batch_size_count"))
    }

    func testMaxRateSearchFindsAPassingRate() throws {
        let server = try Fixtures.startServer(batching: .disabled)
        defer {
            server.stop()
            server.wait()
        }
        var config = configuration(LoadTarget(host: "127.0.0.1", port: server.port, model: "mlp-int8"), duration: 0.25, warmup: 0.05, connections: 4)
        config.searchSteps = 3
        let report = try LoadGenerator(configuration: config).run(.maxRateUnderLatency(LatencyConstraint(percentile: 99, milliseconds: 200)))
        XCTAssertEqual(report.steps?.count, 4, "one offline ceiling run, then three search steps")
        XCTAssertGreaterThan(report.maxRateUnderBound ?? 0, 0)
        XCTAssertLessThanOrEqual(report.latency.p99, 200)
    }

    /// A server taking 4 ms per request, one at a time: concurrency c waits about 4c ms, so
    /// a median ≤ 14 ms holds up to 3 (12 ms) and fails from 4 (16 ms) on. (The median, since
    /// a short run's p99 is its single slowest request.)
    func testMaxConcurrencySearchFindsTheHighestLevelUnderTheBound() throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, handler: SerialHandler(serviceMilliseconds: 4), eventLoops: 1)
        try server.start()
        defer {
            server.stop()
            server.wait()
        }
        var config = configuration(LoadTarget(host: "127.0.0.1", port: server.port, model: "any"), duration: 0.3, warmup: 0.05, connections: 1)
        config.request = LoadRequest(method: "GET", path: "/")
        let bound = LatencyConstraint(percentile: 50, milliseconds: 14)
        let report = try LoadGenerator(configuration: config).run(.maxConcurrencyUnderLatency(bound, levels: 1...64))
        let steps = try XCTUnwrap(report.steps)
        XCTAssertEqual(report.scenario, "max-concurrency-under-latency")
        XCTAssertEqual(Array(steps.map(\.connections).prefix(3)), [1, 2, 4], "doubling from the lowest level")
        XCTAssertTrue((2...3).contains(report.maxConcurrencyUnderBound ?? 0), "found \(String(describing: report.maxConcurrencyUnderBound)) over \(steps.map { ($0.connections, $0.latency.p50) })")
        XCTAssertEqual(report.connections, report.maxConcurrencyUnderBound, "the headline is the best passing run")
        XCTAssertLessThanOrEqual(report.latency.p50, 14)
        XCTAssertEqual(report.verdict, LoadReport.valid)
        XCTAssertTrue(steps.contains { $0.connections >= 4 && $0.verdict == LoadReport.invalid }, "a level over the bound was tried and failed")
        XCTAssertTrue(report.text.contains("highest concurrency with p50 ≤ 14.000 ms: \(report.connections)"), report.text)

        let none = try LoadGenerator(configuration: config).run(.maxConcurrencyUnderLatency(LatencyConstraint(percentile: 50, milliseconds: 1), levels: 2...8))
        XCTAssertEqual(none.maxConcurrencyUnderBound, 0)
        XCTAssertEqual(none.steps?.count, 1, "the lowest level failing ends the search")
        XCTAssertEqual(none.verdict, LoadReport.invalid)
    }

    func testRateSweepOfBinaryRequestsWithMinimumQueries() throws {
        let server = try Fixtures.startServer(batching: BatchingConfiguration(enabled: true, maxBatchSize: 8, maxQueueDelayMicroseconds: 100))
        defer {
            server.stop()
            server.wait()
        }
        let target = LoadTarget(host: "127.0.0.1", port: server.port, model: "mlp-fp32", version: "1")
        var config = configuration(target, duration: 0.2, warmup: 0.05, connections: 4)
        config.request = try LoadRequest.infer(target: target, inputs: try target.inputSpecs(), variants: 4, binary: true)
        config.arrival = .constant
        config.minQueries = 100
        let sweep = try LoadGenerator(configuration: config).run(.rateSweep([200, 400]))
        let steps = try XCTUnwrap(sweep.steps)
        XCTAssertEqual(steps.map(\.targetRate), [200, 400])
        XCTAssertEqual(steps.map(\.errors), [0, 0], "\(steps.map(\.errorSamples))")
        XCTAssertEqual(steps[0].durationSeconds, 0.5, accuracy: 0.01, "lengthened to schedule 100 queries at 200 req/s")
        XCTAssertEqual(steps.map(\.requests), [100, 100], "exactly the minimum: the window ends after the 100th arrival")
        XCTAssertEqual(steps[0].scheduledRate, 200, accuracy: 10, "constant arrivals realize the rate")
        XCTAssertNotEqual(steps[0].seed, steps[1].seed)
        XCTAssertEqual(sweep.verdict, LoadReport.valid, "\(sweep.verdictReasons)")
        XCTAssertEqual(sweep.scenario, "rate-sweep")
    }

    func testErrorsAboveTheBudgetMakeTheRunInvalidAndAreCountedByStatus() throws {
        let server = try Fixtures.startServer(batching: .disabled)
        defer {
            server.stop()
            server.wait()
        }
        var config = configuration(LoadTarget(host: "127.0.0.1", port: server.port, model: "mlp-fp32"), duration: 0.2, warmup: 0, connections: 2)
        config.request = LoadRequest(method: "GET", path: "/v2/models/absent")
        let report = try LoadGenerator(configuration: config).run(.offline(connections: 2))
        XCTAssertEqual(report.requests, 0)
        XCTAssertGreaterThan(report.statusCounts["404"] ?? 0, 0)
        XCTAssertEqual(report.errors, report.statusCounts["404"])
        XCTAssertEqual(report.verdict, LoadReport.invalid)
        XCTAssertTrue(report.errorBreakdown.hasPrefix("HTTP 404 ×"), report.errorBreakdown)
    }

    /// The server holds every answer for 400 ms in the middle of the run. An open-loop
    /// generator keeps sending on schedule and charges the stall to every request due
    /// during it; a closed loop would have stopped sending and hidden it.
    func testOpenLoopKeepsItsScheduleAndCountsTheStall() throws {
        let start = monotonicNanos()
        let handler = StallingHandler(stallFrom: start + 500_000_000, stallUntil: start + 900_000_000)
        let server = HTTPServer(host: "127.0.0.1", port: 0, handler: handler, eventLoops: 1)
        try server.start()
        defer {
            server.stop()
            server.wait()
        }
        var config = configuration(LoadTarget(host: "127.0.0.1", port: server.port, model: "any"), duration: 1.2, warmup: 0.1, connections: 8)
        config.request = LoadRequest(method: "GET", path: "/")
        let rate = 300.0
        let report = try LoadGenerator(configuration: config).run(.server(rate: rate))
        XCTAssertEqual(report.errors, 0)
        // The schedule is kept: about rate × duration requests were due and answered.
        XCTAssertEqual(Double(report.requests), rate * 1.2, accuracy: rate * 1.2 * 0.2)
        // About a third of the window (0.4 of 1.2 s) was stalled: the requests due then wait up
        // to 400 ms, so the p90 and the maximum show it while the median does not.
        XCTAssertGreaterThan(report.latency.max, 300)
        XCTAssertGreaterThan(report.latency.p90, 100)
        XCTAssertLessThan(report.latency.p50, 100)
        // Only 8 connections: most stalled requests could not even be sent on time. They
        // waited for a connection, which is the server's doing, not the generator's lag.
        XCTAssertGreaterThan(report.connectionWait.max, 100)
        XCTAssertGreaterThan(report.connectionWaits, 50)
    }

    func testUnreachableTargetIsATypedError() {
        var config = LoadConfiguration(target: LoadTarget(host: "127.0.0.1", port: 1, model: "m"))
        config.duration = 0.1
        XCTAssertThrowsError(try LoadGenerator(configuration: config).run(.singleStream)) { error in
            XCTAssertTrue(error is LoadGeneratorError, "\(error)")
        }
        XCTAssertThrowsError(try LoadTarget(url: "ftp://x", model: "m"))
        XCTAssertThrowsError(try LoadGenerator(configuration: config).run(.server(rate: 0)))
    }
}
