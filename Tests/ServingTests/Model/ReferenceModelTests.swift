import Foundation
import XCTest
@testable import Serving

final class ReferenceModelTests: XCTestCase {
    func testShippedVariantsHaveTheirShapeSparsityAndQuality() throws {
        let models = try Fixtures.referenceModels()
        XCTAssertEqual(models.map(\.name), ["mlp-fp32", "mlp-int8", "mlp-pruned"])
        XCTAssertEqual(models.map(\.variant), [.fp32, .int8, .pruned])
        for model in models { XCTAssertEqual(model.widths, [64, 128, 64, 10]) }
        XCTAssertEqual(models[2].sparsity, ReferenceModels.prunedSparsity, accuracy: 0.01)
        let quality = models.map(ReferenceModels.evaluate)
        XCTAssertGreaterThan(quality[0].accuracy, 0.93)
        XCTAssertEqual(quality[1].accuracy, quality[0].accuracy, accuracy: 0.01, "int8 stays within 1 point of fp32")
        XCTAssertGreaterThan(quality[2].accuracy, 0.85)
        for q in quality { XCTAssertEqual(q.macroF1, q.accuracy, accuracy: 0.03, "classes are balanced") }
    }

    func testVariantsAgreeWithTheirFP32Parent() throws {
        let models = try Fixtures.referenceModels()
        let rows = 500
        let x = Array(ReferenceModels.dataset.testX.prefix(rows * 64))
        let reference = models[0].predict(x, rows: rows)
        let int8 = models[1].predict(x, rows: rows)
        let agreement = zip(reference, int8).filter { $0 == $1 }.count
        XCTAssertGreaterThan(Double(agreement) / Double(rows), 0.97)
        let p = models[0].probabilities(x, rows: 2)
        XCTAssertEqual(p[0..<10].reduce(0, +), 1, accuracy: 1e-5)
    }

    /// int8 quantizes each row on its own and accumulates exactly: bit-identical answers in any
    /// batch. fp32 kernels sum in a different order for one row than for many: last-bit differences only.
    func testARowsAnswerDoesNotDependOnItsBatch() throws {
        let x = Array(ReferenceModels.dataset.testX.prefix(16 * 64))
        for model in try Fixtures.referenceModels() {
            let batched = model.probabilities(x, rows: 16)
            for r in [0, 7, 15] {
                let alone = model.probabilities(Array(x[(r * 64)..<((r + 1) * 64)]), rows: 1)
                let inBatch = Array(batched[(r * 10)..<((r + 1) * 10)])
                if model.variant == .int8 {
                    XCTAssertEqual(alone, inBatch, "row \(r)")
                } else {
                    for (a, b) in zip(alone, inBatch) { XCTAssertEqual(a, b, accuracy: 1e-6, "\(model.name) row \(r)") }
                }
            }
        }
    }

    func testFileRoundTripIsExactForEveryVariant() throws {
        for model in try Fixtures.referenceModels() {
            XCTAssertEqual(try ModelFile.decode(ModelFile.encode(model)), model)
        }
    }

    func testDamagedFilesAreTypedErrors() throws {
        let bytes = ModelFile.encode(try Fixtures.referenceModels()[2])
        var flipped = bytes
        flipped[100] ^= 0x01
        XCTAssertThrowsError(try ModelFile.decode(flipped)) { XCTAssertTrue("\($0)".contains("checksum")) }
        XCTAssertThrowsError(try ModelFile.decode(Array(bytes.prefix(bytes.count / 2))))
        XCTAssertThrowsError(try ModelFile.decode([]))
        var wrongMagic = Array("NOTMODEL".utf8) + bytes.dropFirst(8).dropLast(8)
        let hash = ModelFile.fnv1a(wrongMagic)
        wrongMagic += (0..<8).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) }
        XCTAssertThrowsError(try ModelFile.decode(wrongMagic)) { XCTAssertTrue("\($0)".contains("magic")) }
        XCTAssertThrowsError(try ModelFile.load(from: "/nonexistent/model.bkm"))
    }

    func testTrainingIsDeterministicForASeed() {
        var config = TrainingConfiguration()
        config.widths = [64, 16, 10]
        config.epochs = 1
        let x = Array(ReferenceModels.dataset.trainX.prefix(256 * 64)), y = Array(ReferenceModels.dataset.trainY.prefix(256))
        func train(_ seed: UInt64) -> MLP {
            var c = config
            c.seed = seed
            var t = Trainer(configuration: c)
            t.train(x: x, y: y, epochs: 1, configuration: c, orderSeed: seed)
            return t.model(name: "t")
        }
        XCTAssertEqual(train(1), train(1))
        XCTAssertNotEqual(train(1), train(2))
    }

    func testDatasetIsASeededFunction() {
        var small = SyntheticDataset.Configuration()
        small.trainCount = 50
        small.testCount = 20
        XCTAssertEqual(SyntheticDataset(small).trainX, SyntheticDataset(small).trainX)
        small.seed += 1
        XCTAssertNotEqual(SyntheticDataset(small).trainX, ReferenceModels.dataset.trainX.prefix(50 * 64).map { $0 })
    }

    func testQualityMetrics() {
        // Class 0: tp 2, fn 1 -> F1 0.8; class 1: tp 1, fp 1 -> F1 2/3; class 2: no examples, fp 0, fn 0 -> skipped.
        let q = Evaluation.quality(predicted: [0, 0, 1, 1], actual: [0, 0, 0, 1], classes: 3)
        XCTAssertEqual(q.accuracy, 0.75)
        XCTAssertEqual(q.macroF1, (0.8 + 2.0 / 3.0) / 2, accuracy: 1e-12)
    }
}
