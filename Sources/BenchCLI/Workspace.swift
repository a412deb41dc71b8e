import Foundation

/// Where the suites, results and baselines live (the current directory by default).
public struct Workspace: Sendable {
    public let root: String
    public init(root: String) { self.root = root }
    public static var current: Workspace { Workspace(root: FileManager.default.currentDirectoryPath) }
    public var suites: String { root + "/suites" }
    public var results: String { root + "/results" }
    public var baselines: String { root + "/baselines" }

    /// A path typed by the user, made absolute: a relative one is under the workspace
    /// (the current directory when `bench` runs as itself).
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : root + "/" + path
    }
}
