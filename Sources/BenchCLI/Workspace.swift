import Foundation

/// Where the suites, results and baselines live (the current directory by default).
public struct Workspace: Sendable {
    public let root: String
    public init(root: String) { self.root = root }
    public static var current: Workspace { Workspace(root: FileManager.default.currentDirectoryPath) }
    public var suites: String { root + "/suites" }
    public var results: String { root + "/results" }
    public var baselines: String { root + "/baselines" }

    /// `path` made absolute: a relative one is under the workspace.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : root + "/" + path
    }

    /// A path typed by the user as `bench` should open it: unchanged when the workspace is
    /// the current directory (so messages show it as typed), else under the workspace (a
    /// project driven in-process from elsewhere).
    func resolve(_ path: String) -> String {
        root == FileManager.default.currentDirectoryPath ? path : absolute(path)
    }
}
