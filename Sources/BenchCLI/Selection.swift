import BenchKit
import Benchmarks
import Foundation

/// The suite plan narrowed by the command line: filter, budget, processes.
struct Selection {
    let plan: SuitePlan
    let instances: [PlannedBenchmark]
    let processes: Int
    let filter: String?
    let timeBudget: Double?
    let threshold: Double?

    init(parsed: ParsedArguments, suite: String, workspace: Workspace) throws {
        try self.init(suite: suite, filter: parsed.value("filter"),
                      timeBudget: try parsed.double("time-budget", in: 0.001...3600, what: "seconds between 0.001 and 3600"),
                      threshold: try parsed.double("threshold", in: 0...10, what: "a fraction such as 0.05 (5%)"),
                      processes: try parsed.int("processes", in: 1...1000), workspace: workspace)
    }

    /// `suite` (a name or a path) planned against this binary's catalog, narrowed by
    /// `filter` (a regular expression on full instance names) and with overrides applied.
    init(suite: String, filter: String?, timeBudget: Double?, threshold: Double?, processes: Int?,
         workspace: Workspace) throws {
        self.filter = filter
        self.timeBudget = timeBudget
        self.threshold = threshold
        plan = try SuitePlan.load(suite: suite, suitesDirectory: workspace.suites, registry: Catalog.registry)
        self.processes = processes ?? plan.processes
        var selected = plan.instances
        if let filter {
            let regex: NSRegularExpression
            do { regex = try NSRegularExpression(pattern: filter) } catch {
                throw UsageError("--filter '\(filter)' is not a valid regular expression")
            }
            selected = selected.filter { regex.firstMatch(in: $0.name, range: NSRange($0.name.startIndex..., in: $0.name)) != nil }
        }
        guard !selected.isEmpty else { throw BenchError.noBenchmarksSelected(suite: plan.suite, filter: filter) }
        instances = selected.map { [timeBudget, threshold] in $0.overriding(timeBudget: timeBudget, threshold: threshold) }
    }
}
