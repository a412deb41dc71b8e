import XCTest
@testable import Kernels

final class PruningTests: XCTestCase {
    func testMagnitudePruningHitsTheExactZeroCountAndKeepsTheLargest() throws {
        let m = Matrix(rows: 33, cols: 7, seed: 1)
        for sparsity in [0.0, 0.5, 0.75, 0.9, 0.95, 1.0] {
            let pruned = try Pruning.magnitude(m, sparsity: sparsity)
            let zeros = pruned.values.filter { $0 == 0 }.count
            XCTAssertEqual(zeros, Int((sparsity * 231).rounded()), "sparsity \(sparsity)")
            let largestPruned = zip(m.values, pruned.values).filter { $0.1 == 0 }.map { abs($0.0) }.max() ?? 0
            let smallestKept = pruned.values.filter { $0 != 0 }.map(abs).min() ?? .infinity
            XCTAssertLessThanOrEqual(largestPruned, smallestKept)
            XCTAssertTrue(zip(m.values, pruned.values).allSatisfy { $0.1 == 0 || $0.1 == $0.0 })
        }
        XCTAssertThrowsError(try Pruning.magnitude(m, sparsity: 1.5))
    }

    func testMagnitudeTiesArePrunedInIndexOrder() throws {
        let ones = Matrix(rows: 3, cols: 5, repeating: 1)
        let pruned = try Pruning.magnitude(ones, sparsity: 0.4)
        XCTAssertEqual(pruned.values, [Float](repeating: 0, count: 6) + [Float](repeating: 1, count: 9))
    }

    func testTwoOfFourLeavesTwoPerGroupOfFour() {
        let m = Matrix(rows: 5, cols: 10, seed: 2)   // groups 4, 4, 2 per row
        let pruned = Pruning.twoOfFour(m)
        for i in 0..<5 {
            for g in stride(from: 0, to: 10, by: 4) {
                let group = (g..<min(g + 4, 10)).map { pruned[i, $0] }
                XCTAssertEqual(group.filter { $0 != 0 }.count, min(2, group.count), "row \(i) group \(g)")
                let kept = (g..<min(g + 4, 10)).filter { pruned[i, $0] != 0 }.map { abs(m[i, $0]) }
                let dropped = (g..<min(g + 4, 10)).filter { pruned[i, $0] == 0 }.map { abs(m[i, $0]) }
                XCTAssertLessThanOrEqual(dropped.max() ?? 0, kept.min() ?? .infinity)
            }
        }
        XCTAssertEqual(Pruning.twoOfFour(Matrix(rows: 8, cols: 16, seed: 3)).sparsity, 0.5)
    }

    func testBlockPruningZeroesWholeBlocks() throws {
        let m = Matrix(rows: 16, cols: 32, seed: 4)
        let pruned = try Pruning.blocks(m, blockRows: 4, blockCols: 4, sparsity: 0.75)
        XCTAssertEqual(pruned.sparsity, 0.75)
        for bi in 0..<4 {
            for bj in 0..<8 {
                let block = (0..<16).map { pruned[bi * 4 + $0 / 4, bj * 4 + $0 % 4] }
                XCTAssertTrue(block.allSatisfy { $0 == 0 } || block.allSatisfy { $0 != 0 })
            }
        }
        let rowBlocks = try Pruning.blocks(Matrix(rows: 7, cols: 33, seed: 5), blockRows: 1, blockCols: 8, sparsity: 0.5)
        XCTAssertGreaterThan(rowBlocks.sparsity, 0.3)
        XCTAssertThrowsError(try Pruning.blocks(m, blockRows: 0, blockCols: 4, sparsity: 0.5))
    }
}

final class SparseFormatTests: XCTestCase {
    func testCSRRoundTripAndSparsity() throws {
        let pruned = try Pruning.magnitude(Matrix(rows: 33, cols: 7, seed: 6), sparsity: 0.8)
        let csr = CSRMatrix(dense: pruned)
        XCTAssertEqual(csr.toDense(), pruned)
        XCTAssertEqual(csr.sparsity, pruned.sparsity, accuracy: 1e-12)
        XCTAssertEqual(csr.rowStarts.count, 34)
        XCTAssertEqual(CSRMatrix(dense: Matrix(rows: 3, cols: 4)).nonzeroCount, 0)
    }

    func testBlockCSRRoundTripWithEdgeBlocks() throws {
        let pruned = try Pruning.blocks(Matrix(rows: 10, cols: 13, seed: 7), blockRows: 4, blockCols: 4, sparsity: 0.5)
        for (br, bc) in [(4, 4), (1, 8), (2, 3)] {
            let bcsr = try BlockCSRMatrix(dense: pruned, blockRows: br, blockCols: bc)
            XCTAssertEqual(bcsr.toDense(), pruned, "\(br)x\(bc)")
        }
        XCTAssertThrowsError(try BlockCSRMatrix(dense: pruned, blockRows: 4, blockCols: 0))
    }
}

final class SpMMTests: XCTestCase {
    let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (7, 33, 9), (33, 7, 40), (13, 1000, 17), (9, 130, 64), (40, 64, 33)]

    func testCSRMatchesDenseReference() throws {
        for (index, s) in shapes.enumerated() {
            let sparse = try Pruning.magnitude(Matrix(rows: s.m, cols: s.k, seed: UInt64(index)), sparsity: 0.7)
            let b = Matrix(rows: s.k, cols: s.n, seed: 50)
            let expected = try referenceMatmul(sparse, b)
            let csr = CSRMatrix(dense: sparse)
            for threads in [1, 2] {
                var c = [Float](repeating: .nan, count: s.m * s.n)
                spmm(csr, b: b.values, n: s.n, c: &c, threads: threads)
                assertClose(try Matrix(rows: s.m, cols: s.n, values: c), expected, tolerance: 1e-4, "CSR \(s) t\(threads)")
            }
        }
    }

    func testBlockCSRMatchesDenseReference() throws {
        for (index, s) in shapes.enumerated() {
            for (br, bc) in [(4, 4), (1, 8), (4, 1), (2, 3)] {
                let sparse = try Pruning.blocks(Matrix(rows: s.m, cols: s.k, seed: UInt64(index)), blockRows: br, blockCols: bc,
                                                sparsity: 0.6)
                let b = Matrix(rows: s.k, cols: s.n, seed: 60)
                let expected = try referenceMatmul(sparse, b)
                let bcsr = try BlockCSRMatrix(dense: sparse, blockRows: br, blockCols: bc)
                var c = [Float](repeating: .nan, count: s.m * s.n)
                spmm(bcsr, b: b.values, n: s.n, c: &c, threads: 2)
                assertClose(try Matrix(rows: s.m, cols: s.n, values: c), expected, tolerance: 1e-4, "BCSR \(br)x\(bc) \(s)")
            }
        }
    }

    func testAllZeroSparseMatrixGivesZeros() throws {
        let b = Matrix(rows: 8, cols: 70, seed: 1)
        var c = [Float](repeating: .nan, count: 5 * 70)
        spmm(CSRMatrix(dense: Matrix(rows: 5, cols: 8)), b: b.values, n: 70, c: &c)
        XCTAssertEqual(c, [Float](repeating: 0, count: 350))
        c = [Float](repeating: .nan, count: 5 * 70)
        spmm(try BlockCSRMatrix(dense: Matrix(rows: 5, cols: 8), blockRows: 4, blockCols: 4), b: b.values, n: 70, c: &c)
        XCTAssertEqual(c, [Float](repeating: 0, count: 350))
    }
}
