import BenchKit

/// `--history DIR`, shared by every command that compares two files, so `compare`,
/// `report` and `export` judge a change against the same whole-run spread.
enum HistoryOption {
    static let option = Option.text(
        "history", "DIR",
        "earlier results of BASE's suite (e.g. baselines/<machine>/history): a change must also stand out from how much whole runs move")

    /// The earlier runs in `directory` measured like `base`, oldest first; none without a
    /// directory. Files in it that are not result files are skipped, with a note.
    static func earlierRuns(in directory: String?, before base: ResultFile, console: Console) throws -> [ResultFile] {
        guard let directory else { return [] }
        let earlier = try EarlierRuns.load(directory: directory, before: base, required: true)
        if !earlier.skipped.isEmpty {
            let listed = earlier.skipped.prefix(3).joined(separator: ", ") + (earlier.skipped.count > 3 ? ", …" : "")
            console.note("--history: skipped \(earlier.skipped.count) file(s) that are not result files: \(listed)")
        }
        return earlier.runs
    }
}
