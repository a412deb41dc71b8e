import XCTest
@testable import Kernels

/// The small-MLP shapes the serving module runs: batch 1...32, layers 64...128 wide.
final class MatrixOperationsTests: XCTestCase {
    func testSmallLayerVariantsAgreeWithTheReference() throws {
        for batch in [1, 3, 8, 32] {
            let x = Matrix(rows: batch, cols: 64, seed: 1), w = Matrix(rows: 64, cols: 128, seed: 2)
            let reference = try referenceMatmul(x, w)
            assertClose(try x.multiplied(by: w), reference, tolerance: 1e-4, "fp32 batch \(batch)")
            let q = try QuantizedWeights(w, granularity: .perChannel)
            XCTAssertLessThan(try relativeError(try x.int8Multiplied(by: q).values, reference: reference.values), 0.02)
            XCTAssertLessThan(try relativeError(try x.weightOnlyInt8Multiplied(by: q).values, reference: reference.values), 0.01)
            let pruned = try Pruning.magnitude(w, sparsity: 0.9)
            let prunedReference = try referenceMatmul(x, pruned)
            assertClose(try x.multiplied(bySparse: CSRMatrix(dense: pruned)), prunedReference, tolerance: 1e-4, "sparse right")
        }
    }

    func testSparseLeftOperandConveniences() throws {
        let s = try Pruning.blocks(Matrix(rows: 12, cols: 20, seed: 3), blockRows: 4, blockCols: 4, sparsity: 0.5)
        let b = Matrix(rows: 20, cols: 9, seed: 4)
        let reference = try referenceMatmul(s, b)
        assertClose(try CSRMatrix(dense: s).multiplied(by: b), reference, tolerance: 1e-4, "CSR")
        assertClose(try BlockCSRMatrix(dense: s, blockRows: 4, blockCols: 4).multiplied(by: b), reference, tolerance: 1e-4, "BCSR")
    }

    func testShapeMismatchesThrow() throws {
        let x = Matrix(rows: 2, cols: 5), w = Matrix(rows: 6, cols: 3, seed: 1)
        let q = try QuantizedWeights(w, granularity: .perTensor)
        XCTAssertThrowsError(try x.int8Multiplied(by: q))
        XCTAssertThrowsError(try x.weightOnlyInt8Multiplied(by: q))
        XCTAssertThrowsError(try x.multiplied(bySparse: CSRMatrix(dense: w)))
        XCTAssertThrowsError(try CSRMatrix(dense: w).multiplied(by: x))
    }
}
