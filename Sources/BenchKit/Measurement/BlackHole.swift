/// Consumes a value so the optimizer cannot delete the work that produced it.
/// Call it on a benchmark's result inside the measured body.
@inline(never) @_optimize(none)
public func blackHole<T>(_ value: T) {}

/// Returns its argument through an opaque call, so the optimizer cannot treat an
/// input as a compile-time constant.
@inline(never) @_optimize(none)
public func identity<T>(_ value: T) -> T { value }
