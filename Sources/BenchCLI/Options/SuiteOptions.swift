/// The options that choose what a suite runs, shared by a run, `bench list` and `bench ci`.
enum SuiteOptions {
    static let suite = Option.text("suite", "S", "suite to run: suites/S.json, or a path to a suite file")
    static let filter = Option.text("filter", "REGEX", "run only benchmarks whose full name matches REGEX")
    static let timeBudget = Option.number("time-budget", "SECONDS", in: 0.001...3600, expected: "seconds between 0.001 and 3600",
                                          "seconds of samples per benchmark per process (overrides the suite)")

    /// `--results DIR`: where a suite's result files are read from.
    static let resultsDirectory = Option.text("results", "DIR", "the folder of the suite's result files").defaultDescribed("results/")

    /// `--processes N` from `minimum` up: process repetitions, each a fresh process.
    static func processes(minimum: Int, _ help: String) -> Option<Int> {
        Option.integer("processes", "N", in: minimum...1000, help).defaultDescribed("the suite's, else 10")
    }
}
