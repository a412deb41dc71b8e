import XCTest
@testable import Kernels

final class KernelISATests: XCTestCase {
    private let avx2Flags: Set<String> = ["avx", "avx2", "fma", "bmi2", "f16c"]

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

    func testAnAVX512BuildNeedsOnlyAVX2ToRun() {
        if KernelISA.compiled != "baseline" {
            XCTAssertEqual(KernelISA.missingFeatures(cpuFlags: avx2Flags), [])
        }
    }

    func testVNNIRunsOnlyWhenBuiltSupportedAndNotDisabled() {
        let vnniFlags = avx2Flags.union(["avx512f", "avx512_vnni"])
        func level(_ compiled: String, _ flags: Set<String>, _ variable: String?) -> String {
            KernelISA.level(compiled: compiled, cpuFlags: flags, disableAVX512: variable)
        }
        XCTAssertEqual(level("avx512vnni", vnniFlags, nil), "avx512vnni")
        XCTAssertEqual(level("avx512vnni", vnniFlags, ""), "avx512vnni", "set but empty")
        XCTAssertEqual(level("avx512vnni", vnniFlags, "0"), "avx512vnni")
        XCTAssertEqual(level("avx512vnni", vnniFlags, "1"), "avx2", "disabled by the variable")
        XCTAssertEqual(level("avx512vnni", vnniFlags, "yes"), "avx2")
        XCTAssertEqual(level("avx512vnni", avx2Flags.union(["avx512f"]), nil), "avx2", "no VNNI on this CPU")
        XCTAssertEqual(level("avx2", vnniFlags, nil), "avx2", "not in the build")
        XCTAssertEqual(level("baseline", vnniFlags, nil), "baseline")
    }

    func testTheProcessLevelFollowsTheEnvironmentVariable() {
        XCTAssertEqual(KernelISA.disableAVX512Variable, "BENCHKIT_KERNELS_NO_AVX512")
        let disabled = KernelISA.active(environment: [KernelISA.disableAVX512Variable: "1"])
        XCTAssertEqual(disabled, KernelISA.compiled == "baseline" ? "baseline" : "avx2")
        let enabled = KernelISA.active(environment: [:])
        let cpuHasVNNI = KernelISA.vnniFeatures.allSatisfy(KernelISA.currentCPUFlags().contains)
        XCTAssertEqual(enabled, KernelISA.compiled == "avx512vnni" && !cpuHasVNNI ? "avx2" : KernelISA.compiled)
        let inherited = ProcessInfo.processInfo.environment.filter { $0.key == KernelISA.disableAVX512Variable }
        XCTAssertEqual(KernelISA.active, KernelISA.active(environment: inherited), "this process reads its own environment")
    }

    func testTheInt8GEMMRunsTheActiveLevelAndCanRunAVX2Too() {
        XCTAssertEqual(Int8Route.selected.isa, KernelISA.active)
        let runnable = Int8Route.runnable.map(\.isa)
        XCTAssertTrue(runnable.contains(KernelISA.active))
        if KernelISA.compiled == "avx512vnni" {
            XCTAssertTrue(runnable.contains("avx2"), "the fallback when AVX-512 is off")
        }
    }
}
