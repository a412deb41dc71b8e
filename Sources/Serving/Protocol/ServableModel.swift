/// Metadata of one tensor, as published by `GET /v2/models/{name}` (-1 marks a variable dimension).
public struct TensorMetadata: Sendable, Equatable, Codable {
    public var name: String
    public var datatype: String
    public var shape: [Int]
    public init(name: String, datatype: String, shape: [Int]) {
        self.name = name
        self.datatype = datatype
        self.shape = shape
    }
}

/// A classifier the server can expose: one FP32 input of `featureCount` values per row,
/// class probabilities out. Implementations must be safe to call from several threads.
public protocol ServableModel: Sendable {
    var name: String { get }
    var version: String { get }
    var featureCount: Int { get }
    var classCount: Int { get }
    /// Class probabilities for `rows` rows of `featureCount` values (row-major), `rows × classCount` values.
    func probabilities(_ input: [Float], rows: Int) -> [Float]
}

extension ServableModel {
    /// Input tensor name in the protocol.
    public static var inputName: String { "input" }
    public var inputs: [TensorMetadata] { [TensorMetadata(name: "input", datatype: "FP32", shape: [-1, featureCount])] }
    public var outputs: [TensorMetadata] {
        [TensorMetadata(name: "probabilities", datatype: "FP32", shape: [-1, classCount]),
         TensorMetadata(name: "label", datatype: "INT64", shape: [-1])]
    }
}
