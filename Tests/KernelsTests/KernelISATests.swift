import XCTest
@testable import Kernels

final class KernelISATests: XCTestCase {
    func testThisCPUSupportsTheCompiledLevel() throws {
        XCTAssertTrue(["avx512vnni", "avx2", "baseline"].contains(KernelISA.compiled))
        XCTAssertNoThrow(try KernelISA.checkSupported())
    }

    func testMissingFeaturesAreNamed() {
        let missing = KernelISA.missingFeatures(cpuFlags: ["sse2"])
        XCTAssertEqual(missing, KernelISA.requiredFeatures)
        if !missing.isEmpty {
            let message = KernelError.unsupportedCPU(compiledFor: KernelISA.compiled, missing: missing).description
            XCTAssertTrue(message.contains("BENCHKIT_KERNEL_ISA=baseline"))
        }
    }
}
