import ArgumentParser
import PasswordPolicy
#if canImport(Glibc)
import Glibc
#endif

/// The `pwguard` command: password policy tools.
@main
struct Pwguard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pwguard",
        abstract: "Password policy checks in the spirit of NIST SP 800-63B.",
        version: Release.version,
        subcommands: [Check.self, Breach.self, Audit.self, Rotate.self]
    )

    /// Runs the command with pwguard's exit status contract: 0 success,
    /// 1 a password was rejected, 2 a usage or configuration error.
    /// ArgumentParser's own `main` exits 64 on usage errors, so errors are
    /// mapped here instead.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            StandardError.write("pwguard: \(failure.message)\n")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Glibc.exit(0)
            }
            if !message.isEmpty { StandardError.write(message + "\n") }
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A usage or configuration error found while running, reported as
/// `pwguard: message` with exit status 2.
struct CommandFailure: Error {
    var message: String
}

/// Unbuffered writes to standard error: diagnostics are rare and must not
/// wait behind a buffer.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        FileOutput.writeAll(fd: 2, &bytes)
    }
}
