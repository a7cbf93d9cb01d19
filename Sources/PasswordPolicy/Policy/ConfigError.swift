/// A configuration problem, named by where it was found.
///
/// The description reads like a compiler diagnostic so that an administrator
/// can jump to the line:
///
///     /etc/security/pwguard.conf:12: unknown setting 'foo'
///     argument 'minlen=x': setting 'minlen' expects an integer, not 'x'
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file path, or a description such as `argument 'minlen=x'`.
    public var source: String
    /// The 1-based line in `source`, or nil when the problem concerns the
    /// whole source (a file that cannot be read, an argument).
    public var line: Int?
    /// What is wrong, without the location.
    public var message: String

    /// Creates an error at `source`, optionally at `line`.
    public init(source: String, line: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `source:line: message`, or `source: message` without a line.
    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}

/// Where a value was set, so that errors found later (such as a conflict
/// between two settings) can still point at a line.
struct ConfigLocation: Sendable, Equatable {
    var source: String
    var line: Int?

    func error(_ message: String) -> ConfigError {
        ConfigError(source: source, line: line, message: message)
    }
}

/// `text` in single quotes for a message, cut to a readable length, with
/// control characters replaced so a message cannot drive the terminal.
func quoted(_ text: String, limit: Int = 60) -> String {
    var result = "'"
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit { result += "…"; break }
        let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        result.unicodeScalars.append(isControl ? "?" : scalar)
        count += 1
    }
    return result + "'"
}
