/// Exit codes, as the command-line contract fixes them.
enum ExitCode {
    /// No significant regression (or nothing to gate).
    static let success: Int32 = 0
    /// A significant regression with `--gate`, an INVALID load run.
    static let regression: Int32 = 1
    /// Bad usage or bad input, said in one line on stderr.
    static let badInput: Int32 = 2
}
