import Foundation

/// Child processes that die with the process that started them, even when it is killed
/// with SIGKILL (no clean-up code runs then). Foundation's `Process` cannot run code in
/// the child between fork and exec, so the child binds itself at start-up:
///
/// - parent: `process.environment = ParentDeath.childEnvironment()` before `run()`;
/// - child (a `bench` binary): `ParentDeath.bindToParentIfRequested()` first thing.
///
/// Linux delivers the signal when the *thread* that started the child exits, so start
/// such children from a thread that outlives them (the main thread, or one that waits
/// for them). Elsewhere than Linux only the start-up check is made.
public enum ParentDeath {
    /// The environment variable through which a parent passes its pid to the child.
    public static let variable = "BENCHKIT_PARENT_PID"

    /// `base` (this process's environment by default) plus `BENCHKIT_PARENT_PID` = this
    /// process's pid: the environment for a child that must die with this process. The pid
    /// is written zero-padded to a fixed width, so the child's environment has the same size
    /// whatever the pid: where its stack lands, and so the instructions callgrind counts,
    /// does not depend on it.
    public static func childEnvironment(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        base.merging([variable: paddedPid(getpid())]) { $1 }
    }

    /// `pid` in decimal, zero-padded to the 10 digits of the largest pid_t.
    static func paddedPid(_ pid: pid_t) -> String {
        let digits = String(pid)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// In a child started with `childEnvironment()`: removes the variable (grandchildren
    /// get their own), asks the kernel to SIGKILL this process when its parent dies
    /// (`prctl(PR_SET_PDEATHSIG)`), then kills itself if the parent is already gone
    /// (`getppid()` differs from the pid passed), which closes the race with a parent
    /// that died before the request. Does nothing when the variable is not set.
    public static func bindToParentIfRequested() {
        guard let value = getenv(variable).map({ String(cString: $0) }) else { return }
        unsetenv(variable)
        guard let parent = pid_t(value) else { return }
        requestDeathSignal(SIGKILL)
        if getppid() != parent { kill(getpid(), SIGKILL) }
    }

    /// `prctl(PR_SET_PDEATHSIG, signal)`. Swift cannot call C variadic functions, so
    /// prctl is looked up and called with its fixed-argument form.
    private static func requestDeathSignal(_ signal: Int32) {
        #if os(Linux)
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        let PR_SET_PDEATHSIG: Int32 = 1
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "prctl") else { return }
        _ = unsafeBitCast(symbol, to: Prctl.self)(PR_SET_PDEATHSIG, UInt(signal), 0, 0, 0)
        #endif
    }
}
