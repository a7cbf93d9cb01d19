#if canImport(Glibc)
import Glibc
#endif

/// Test-only hooks that stop the shadow writer at a chosen step, so the
/// fault-injection tests can prove that a writer killed anywhere leaves the
/// old file or the new one and no lock that blocks the next run.
///
/// - `PWGUARD_TEST_CRASH_AT=<step>`: the process kills itself with SIGKILL
///   (as `kill -9` would) when it reaches that step.
/// - `PWGUARD_TEST_STEP_DELAY_MS=<n>`: sleep n ms at every step, which
///   widens the write so that kills at random times land inside it.
///
/// Neither variable is read outside these checkpoints; with them unset the
/// writer runs straight through.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// Both locks held, nothing written.
    case locked
    /// Half of the `shadow-` backup written.
    case backupPartial = "backup-partial"
    /// The backup written and synced.
    case backupWritten = "backup-written"
    /// Half of the temporary `shadow+` written.
    case tempPartial = "temp-partial"
    /// The temporary file written and synced, not yet renamed.
    case tempWritten = "temp-written"
    /// Renamed over shadow, directory not yet synced.
    case renamed
    /// Directory synced, locks still held.
    case synced

    private static let crashAt: String? = getenv("PWGUARD_TEST_CRASH_AT").map { String(cString: $0) }
    private static let delayMilliseconds: UInt32 = getenv("PWGUARD_TEST_STEP_DELAY_MS")
        .flatMap { UInt32(String(cString: $0)) }.map { min($0, 10_000) } ?? 0

    /// Called by the writer on reaching this step.
    func reached() {
        if Self.delayMilliseconds > 0 { usleep(Self.delayMilliseconds * 1000) }
        if Self.crashAt == rawValue { kill(getpid(), SIGKILL) }
    }
}
