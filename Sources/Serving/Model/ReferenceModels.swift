import Foundation

/// The reference classifier (64-128-64-10 MLP on `SyntheticDataset`) and its variants,
/// built deterministically from seeds and cached as `.bkm` files (see `ModelFile`).
public enum ReferenceModels {
    public static let datasetConfiguration = SyntheticDataset.Configuration()
    public static let trainingConfiguration = TrainingConfiguration()
    /// Fraction of weights removed in the pruned variant.
    public static let prunedSparsity = 0.9
    /// Fine-tuning epochs after pruning.
    public static let fineTuneEpochs = 8

    /// The directory searched for cached model files: `$BENCHKIT_MODELS`, else `./models`.
    public static var defaultDirectory: String {
        ProcessInfo.processInfo.environment["BENCHKIT_MODELS"] ?? "models"
    }

    /// The served name of a variant, e.g. `mlp-fp32`.
    public static func name(_ variant: ModelVariant) -> String { "mlp-\(variant.rawValue)" }

    public static func fileName(_ variant: ModelVariant) -> String { "\(name(variant)).bkm" }

    /// The dataset (train and held-out splits), generated from its seed.
    public static let dataset = SyntheticDataset(datasetConfiguration)

    /// Trains the fp32 model from scratch (a few seconds in a release build).
    public static func trainFP32() -> MLP {
        var trainer = Trainer(configuration: trainingConfiguration)
        trainer.train(x: dataset.trainX, y: dataset.trainY, epochs: trainingConfiguration.epochs,
                      configuration: trainingConfiguration, orderSeed: trainingConfiguration.seed &+ 1)
        return trainer.model(name: name(.fp32))
    }

    /// Derives `variant` from the trained fp32 model.
    public static func derive(_ variant: ModelVariant, from fp32: MLP) throws -> MLP {
        switch variant {
        case .fp32: return fp32
        case .int8:
            var q = try Compression.quantize(fp32)
            q.name = name(.int8)
            return q
        case .pruned:
            var trainer = Trainer(model: fp32)
            let masks = try Compression.magnitudeMasks(fp32, sparsity: prunedSparsity)
            trainer.masks = masks
            for l in trainer.weights.indices { for i in trainer.weights[l].indices { trainer.weights[l][i] *= masks[l][i] } }
            var tuning = trainingConfiguration
            tuning.learningRate = trainingConfiguration.learningRate * 0.5
            trainer.train(x: dataset.trainX, y: dataset.trainY, epochs: fineTuneEpochs, configuration: tuning,
                          orderSeed: trainingConfiguration.seed &+ 2)
            var sparse = try Compression.sparse(trainer.model(name: name(.fp32)))
            sparse.name = name(.pruned)
            return sparse
        }
    }

    /// Loads the variants from `directory`; any missing file is built (training once) and,
    /// when the directory exists and is writable, written there for next time. A damaged file is an
    /// error rather than silently replaced.
    public static func load(_ variants: [ModelVariant] = ModelVariant.allCases,
                            directory: String = defaultDirectory) throws -> [MLP] {
        var fp32: MLP? = nil
        return try variants.map { variant in
            let path = (directory as NSString).appendingPathComponent(fileName(variant))
            if FileManager.default.fileExists(atPath: path) { return try ModelFile.load(from: path) }
            if fp32 == nil {
                let fp32Path = (directory as NSString).appendingPathComponent(fileName(.fp32))
                fp32 = FileManager.default.fileExists(atPath: fp32Path) ? try ModelFile.load(from: fp32Path) : trainFP32()
            }
            let model = try derive(variant, from: fp32!)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
                try? ModelFile.save(model, to: path)
            }
            return model
        }
    }

    /// Accuracy and macro-F1 on the held-out split.
    public static func evaluate(_ model: MLP) -> ModelQuality {
        let predicted = model.predict(dataset.testX, rows: dataset.testY.count)
        return Evaluation.quality(predicted: predicted, actual: dataset.testY, classes: model.classCount)
    }
}
