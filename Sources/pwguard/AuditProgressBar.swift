import CredentialAudit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The guessing progress bar of `pwguard audit`, on standard error when it
/// is a terminal (silent otherwise): accounts done, guesses per second, ETA.
final class AuditProgressBar: Sendable {
    /// When the bar was last drawn (seconds of the engine's clock), to draw at most 10 times a second.
    private let lastDrawn = Mutex<Double>(-1)

    /// A bar when standard error is a terminal, nil otherwise.
    static func forStandardError() -> AuditProgressBar? {
        isatty(2) == 1 ? AuditProgressBar() : nil
    }

    /// The callback for the guessing engine.
    var callback: @Sendable (GuessProgress) -> Void {
        { [self] progress in draw(progress) }
    }

    private func draw(_ progress: GuessProgress) {
        let due = lastDrawn.withLock { last -> Bool in
            let finished = progress.accountsDone == progress.accountsTotal
            guard finished || progress.elapsed - last >= 0.1 else { return false }
            last = progress.elapsed
            return true
        }
        guard due else { return }
        StandardError.write("\r" + Self.line(progress) + "\u{1B}[K")
    }

    /// One line of the bar, e.g. `[#####-----] 12/24 accounts  850 guesses/s  ETA 1m20s`.
    static func line(_ progress: GuessProgress) -> String {
        let width = 24
        let total = max(progress.accountsTotal, 1)
        let filled = min(width, progress.accountsDone * width / total)
        var text = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        text += "\(progress.accountsDone)/\(progress.accountsTotal) accounts  \(Int(progress.guessesPerSecond)) guesses/s"
        if let eta = progress.etaSeconds, eta.isFinite, eta >= 0 { text += "  ETA " + duration(eta) }
        return text
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole >= 3600 { return "\(whole / 3600)h\(whole % 3600 / 60)m" }
        if whole >= 60 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole)s"
    }

    /// Clears the bar's line.
    func finish() {
        StandardError.write("\r\u{1B}[K")
    }
}
