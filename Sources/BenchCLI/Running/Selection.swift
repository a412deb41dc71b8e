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
                throw UsageError("--filter '\(filter)' is not a valid regular expression", option: "--filter", value: filter,
                                 remedy: "check its brackets and escapes")
            }
            selected = selected.filter { regex.firstMatch(in: $0.name, range: NSRange($0.name.startIndex..., in: $0.name)) != nil }
        }
        guard !selected.isEmpty else { throw BenchError.noBenchmarksSelected(suite: plan.suite, filter: filter) }
        instances = selected.map { [timeBudget, threshold] in $0.overriding(timeBudget: timeBudget, threshold: threshold) }
    }
}

extension Selection {
    /// The same selection with only the instances named; child processes select them by
    /// their exact names.
    init(narrowing other: Selection, to names: Set<String>) {
        plan = other.plan
        instances = other.instances.filter { names.contains($0.name) }
        processes = other.processes
        filter = Shards.exactPattern(instances.map(\.name))
        timeBudget = other.timeBudget
        threshold = other.threshold
    }
}
