#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A problem with a breached-password database or with the inputs it is
/// built from, named by the file (and line) at fault.
///
/// The description reads like a compiler diagnostic, as ``ConfigError``'s:
///
///     /var/lib/pwguard/hibp.pwgdb: cannot open: No such file or directory
///     /var/lib/pwguard/hibp.pwgdb: corrupt: bucket 1234 fails its checksum
///     pwned.txt:17: expected 40 hexadecimal digits, ':' and a count
///
/// Messages never contain a password or any part of one.
public struct BreachError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem it is, for callers that react differently.
    public enum Kind: Sendable, Equatable {
        /// The file does not exist.
        case missing
        /// The file exists but cannot be opened or read (permissions, I/O error, not a regular file).
        case unreadable
        /// The file is not a pwguard breach database, or of a version this code cannot read.
        case notADatabase
        /// The file is a breach database that fails a checksum or a bounds check.
        case corrupt
        /// An input file is malformed or unreadable (building only).
        case input
        /// The output cannot be written (building only).
        case output
        /// An argument is out of range (a hash of the wrong length, a bad prefix).
        case invalidArgument
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// The file concerned, or a description of the argument.
    public var path: String
    /// The 1-based line in `path`, for malformed input.
    public var line: Int?
    /// What is wrong, without the location.
    public var message: String

    /// Creates an error about `path` (at `line`, when given).
    public init(kind: Kind, path: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, or `path: message` without a line.
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }

    /// An error from a failed system call on `path`: a missing file is
    /// `.missing`, anything else `fallback`.
    package static func system(_ path: String, _ what: String, errno error: Int32, fallback: Kind = .unreadable) -> BreachError {
        let kind: Kind = error == ENOENT && fallback == .unreadable ? .missing : fallback
        return BreachError(kind: kind, path: path, message: "\(what): \(describeErrno(error))")
    }

    static func corrupt(_ path: String, _ message: String) -> BreachError {
        BreachError(kind: .corrupt, path: path, message: "corrupt: \(message)")
    }
}

/// The system's description of an `errno` value.
package func describeErrno(_ error: Int32) -> String {
    guard let text = strerror(error) else { return "error \(error)" }
    return String(cString: text)
}
