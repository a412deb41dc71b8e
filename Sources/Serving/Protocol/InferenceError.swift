/// A request the protocol layer refuses: the HTTP status and the message for `{"error": ...}`.
public struct InferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String
    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { "\(status.code): \(message)" }
}
