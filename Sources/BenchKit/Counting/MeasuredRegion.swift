/// The code a counting tool watches. `run` calls a benchmark's body a given number of
/// times between two marker calls: callgrind zeroes its counters when `regionBegins` is
/// entered and dumps them when `regionEnds` is entered, so each region yields one dump
/// holding exactly that region's events (of every thread).
public enum MeasuredRegion {
    /// The mangled symbols of the markers, as callgrind names them (valgrind does not
    /// demangle Swift). They must follow the markers' signatures; the parent notices a
    /// mismatch because the dumps are missing.
    public static let beginSymbol = "$s8BenchKit14MeasuredRegionO12regionBeginsyS2iFZ"
    public static let endSymbol = "$s8BenchKit14MeasuredRegionO10regionEndsyyFZ"

    /// Regions `runSteps` runs per benchmark, hence dumps the parent reads per benchmark.
    public static let regionsPerBenchmark = 4

    /// Warms `body` up outside any region (first-call costs: lazy binding, metadata,
    /// caches), then runs four regions: an empty body `n` and `2n` times, the real body
    /// `n` and `2n` times. The difference between the `2n` and `n` regions cancels the
    /// markers' fixed cost; subtracting the empty body's difference cancels the loop and
    /// the call, leaving the body's own events for `n` operations.
    public static func runSteps(_ body: () -> Void, iterations n: Int) {
        let empty = makeEmptyBody()
        body()
        run(empty, iterations: n)
        run(empty, iterations: 2 * n)
        run(body, iterations: n)
        run(body, iterations: 2 * n)
    }

    /// One region: `body` `iterations` times between the markers. Never inlined, so the
    /// empty calibration and the real body execute the same loop.
    @inline(never)
    static func run(_ body: () -> Void, iterations: Int) {
        var remaining = regionBegins(iterations)
        while remaining > 0 {
            body()
            remaining -= 1
        }
        regionEnds()
    }

    /// Marks the start of a region (callgrind: `--zero-before`). Returns its argument
    /// through an opaque call so the loop cannot be moved across the marker.
    @inline(never) @_optimize(none)
    static func regionBegins(_ iterations: Int) -> Int { iterations }

    /// Marks the end of a region (callgrind: `--dump-before`).
    @inline(never) @_optimize(none)
    static func regionEnds() {}

    /// An empty closure the optimizer cannot see at the call site, so `run` calls it
    /// exactly as it calls a benchmark's body.
    @inline(never)
    static func makeEmptyBody() -> () -> Void { {} }
}
