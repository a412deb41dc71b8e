@testable import BenchKit
import Foundation
import XCTest

final class LineChannelTests: XCTestCase {
    func testMessagesCrossAPipeOnePerLineInOrder() throws {
        let pipe = Pipe()
        let channel = LineChannel(input: pipe.fileHandleForReading.fileDescriptor, output: pipe.fileHandleForWriting.fileDescriptor)
        try channel.send(LockstepCommand.sample(iterations: 7))
        try channel.send(LockstepCommand.prepare(name: "matmul/fp32/blocked/n=256"))
        XCTAssertEqual(try channel.receive(LockstepCommand.self), .sample(iterations: 7))
        XCTAssertEqual(try channel.receive(LockstepCommand.self), .prepare(name: "matmul/fp32/blocked/n=256"))
    }

    /// A worker built before samples carried CPU time still talks to a newer parent.
    func testASampleWithoutCPUTimeFromAnOlderWorkerDecodes() throws {
        let pipe = Pipe()
        let channel = LineChannel(input: pipe.fileHandleForReading.fileDescriptor, output: pipe.fileHandleForWriting.fileDescriptor)
        pipe.fileHandleForWriting.write(Data(#"{"sample":{"nanosecondsPerOperation":12.5}}"#.utf8 + [10]))
        XCTAssertEqual(try channel.receive(LockstepReply.self), .sample(nanosecondsPerOperation: 12.5, cpuNanosecondsPerOperation: nil))
        try channel.send(LockstepReply.sample(nanosecondsPerOperation: 3, cpuNanosecondsPerOperation: 2.5))
        XCTAssertEqual(try channel.receive(LockstepReply.self), .sample(nanosecondsPerOperation: 3, cpuNanosecondsPerOperation: 2.5))
    }

    func testAClosedPeerAndGarbageAreTypedFailures() throws {
        let pipe = Pipe()
        let channel = LineChannel(input: pipe.fileHandleForReading.fileDescriptor, output: pipe.fileHandleForWriting.fileDescriptor)
        pipe.fileHandleForWriting.write(Data("not json\n".utf8))
        XCTAssertThrowsError(try channel.receive(LockstepReply.self)) { error in
            XCTAssertEqual(error as? LineChannel.Failure, .unreadable("not json"))
        }
        try pipe.fileHandleForWriting.close()
        XCTAssertThrowsError(try channel.receive(LockstepReply.self)) { error in
            XCTAssertEqual(error as? LineChannel.Failure, .closed)
        }
    }
}

final class CPUAffinityTests: XCTestCase {
    func testThisProcessMayRunSomewhereAndBadCPUsAreRefusedWithAReason() {
        #if os(Linux)
        XCTAssertFalse(CPUAffinity.allowed().isEmpty)
        XCTAssertEqual(CPUAffinity.lockstepCPU(), CPUAffinity.allowed().last)
        #endif
        XCTAssertNotNil(CPUAffinity.pin(to: -1))
        XCTAssertNotNil(CPUAffinity.pin(to: 1000), "no machine here has 1001 CPUs")
    }
}
