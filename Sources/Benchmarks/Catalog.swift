import BenchKit
import Kernels
import Serving

/// Every benchmark this binary knows. To add one: write it in its own file, add it to
/// this list, and name it in a suite file.
public enum Catalog {
    public static let registry = Registry([
        HarnessBenchmarks.empty,
        HarnessBenchmarks.sum,
        MatmulBenchmarks.naive,
        MatmulBenchmarks.blocked,
        QuantizedMatmulBenchmarks.dynamic,
        QuantizedMatmulBenchmarks.weightOnly,
        QuantizedMatmulBenchmarks.blockwise,
        SparseMatmulBenchmarks.csr,
        SparseMatmulBenchmarks.twoOfFour,
        SparseMatmulBenchmarks.block,
        ServingBenchmarks.load,
        ServingBenchmarks.model,
    ])

    /// The instruction set the kernels run on in this process (recorded in results).
    public static var kernelISA: String { KernelISA.active }

    /// The instruction set the kernels run on in a child process started with `environment`
    /// (a counting run's children under valgrind).
    public static func kernelISA(environment: [String: String]) -> String { KernelISA.active(environment: environment) }

    /// Refuses to run on a CPU lacking the instructions the kernels were built for.
    public static func checkCPU() throws {
        do {
            try KernelISA.checkSupported()
        } catch {
            throw BenchError.usage("\(error); rebuild on this machine (swift build -c release) or with BENCHKIT_KERNEL_ISA=baseline")
        }
    }
}
