/// `/etc/shadow` as lines: the parsed accounts, and every byte of the file
/// kept, so that a writer changes only the lines it means to change.
///
/// Format (shadow(5)): `login:hash:lastchg:min:max:warn:inactive:expire:reserved`,
/// numbers in days (dates in days since 1970-01-01), an empty field meaning
/// "not set".

/// One account of a shadow file.
public struct ShadowEntry: Equatable, Sendable {
    /// The login name (field 1).
    public var login: String
    /// The hash field as written: a crypt(3) string, `!`-prefixed when locked,
    /// `*` or another non-hash for "no password login", empty for "no password needed".
    public var password: String
    /// Day of the last change (days since 1970); 0 forces a change at next login; nil = ageing off.
    public var lastChange: Int?
    /// Minimum days between changes.
    public var minDays: Int?
    /// Maximum days a password is valid.
    public var maxDays: Int?
    /// Days of warning before the password expires.
    public var warnDays: Int?
    /// Days after expiry during which the old password still allows a change.
    public var inactiveDays: Int?
    /// Day the account expires (days since 1970).
    public var expireDate: Int?
    /// Field 9, reserved; kept as read.
    public var reserved: String

    /// Creates an entry from its fields.
    public init(login: String, password: String, lastChange: Int? = nil, minDays: Int? = nil,
                maxDays: Int? = nil, warnDays: Int? = nil, inactiveDays: Int? = nil,
                expireDate: Int? = nil, reserved: String = "") {
        self.login = login
        self.password = password
        self.lastChange = lastChange
        self.minDays = minDays
        self.maxDays = maxDays
        self.warnDays = warnDays
        self.inactiveDays = inactiveDays
        self.expireDate = expireDate
        self.reserved = reserved
    }

    /// The entry as one shadow line, without its newline.
    public var line: String {
        func field(_ value: Int?) -> String { value.map(String.init) ?? "" }
        return [login, password, field(lastChange), field(minDays), field(maxDays), field(warnDays),
                field(inactiveDays), field(expireDate), reserved].joined(separator: ":")
    }

    /// Whether the hash field carries the `!` lock prefix.
    public var isLocked: Bool { password.hasPrefix("!") }
}

/// A line that is not a valid shadow entry: reported with its place, never skipped silently.
public struct MalformedLine: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's path as given.
    public var path: String
    /// 1-based line number.
    public var line: Int
    /// What is wrong (never the line's content: it may hold a hash or a password).
    public var reason: String

    /// Creates a malformed-line report.
    public init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(path):\(line): \(reason)" }
}

/// A parsed shadow file that remembers each line's original bytes.
public struct ShadowFile: Sendable {
    /// One line of the file.
    public enum Line: Sendable {
        /// A valid entry and the bytes it was read from (without the newline).
        case entry(ShadowEntry, original: [UInt8])
        /// Anything else (blank line, NIS `+`/`-` line, malformed line), kept byte for byte.
        case other([UInt8])
    }

    /// The file's path as given (for messages).
    public var path: String
    /// Every line in order.
    public var lines: [Line]
    /// Lines that are neither valid entries, blank, nor NIS markers.
    public var malformed: [MalformedLine]
    /// Whether the file ended with a newline (kept when writing).
    public var endsWithNewline: Bool

    /// The valid entries, in file order.
    public var entries: [ShadowEntry] {
        lines.compactMap { if case .entry(let entry, _) = $0 { return entry } else { return nil } }
    }

    /// Parses the bytes of a shadow file. Never throws: bad lines go to `malformed`.
    public init(bytes: [UInt8], path: String) {
        self.path = path
        var lines: [Line] = []
        var malformed: [MalformedLine] = []
        var seen = Set<String>()
        let split = splitLines(bytes)
        for (index, raw) in split.lines.enumerated() {
            let number = index + 1
            switch ShadowFile.parseEntry(raw) {
            case .success(let entry):
                if seen.insert(entry.login).inserted {
                    lines.append(.entry(entry, original: raw))
                } else {
                    malformed.append(MalformedLine(path: path, line: number, reason: "duplicate login '\(entry.login)'"))
                    lines.append(.other(raw))
                }
            case .failure(let problem):
                if let reason = problem.reason {
                    malformed.append(MalformedLine(path: path, line: number, reason: reason))
                }
                lines.append(.other(raw))
            }
        }
        self.lines = lines
        self.malformed = malformed
        self.endsWithNewline = split.endsWithNewline
    }

    /// The file's bytes: unchanged entries and other lines exactly as read,
    /// entries that differ from what was read re-serialised.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.count * 64)
        for (index, line) in lines.enumerated() {
            switch line {
            case .entry(let entry, let original):
                if let reparsed = try? ShadowFile.parseEntry(original).get(), reparsed == entry {
                    out.append(contentsOf: original)
                } else {
                    out.append(contentsOf: Array(entry.line.utf8))
                }
            case .other(let raw):
                out.append(contentsOf: raw)
            }
            if index + 1 < lines.count || endsWithNewline { out.append(0x0A) }
        }
        return out
    }

    /// Replaces the entry for `login`; returns false when there is none.
    @discardableResult
    public mutating func update(_ login: String, _ change: (inout ShadowEntry) -> Void) -> Bool {
        for index in lines.indices {
            guard case .entry(var entry, let original) = lines[index], entry.login == login else { continue }
            change(&entry)
            lines[index] = .entry(entry, original: original)
            return true
        }
        return false
    }

    struct Problem: Error { var reason: String? }

    /// Parses one line (no newline). A failure with a nil reason is a line
    /// that is legitimately not an entry (blank, NIS marker).
    static func parseEntry(_ raw: [UInt8]) -> Result<ShadowEntry, Problem> {
        if raw.isEmpty { return .failure(Problem(reason: nil)) }
        if raw.first == UInt8(ascii: "+") || raw.first == UInt8(ascii: "-") { return .failure(Problem(reason: nil)) }
        if raw.contains(0) { return .failure(Problem(reason: "contains a NUL byte")) }
        guard let text = String(validating: raw, as: UTF8.self) else {
            return .failure(Problem(reason: "is not valid UTF-8"))
        }
        // Split the UTF-8 view: splitting the String itself walks grapheme clusters, several times slower.
        let fields = text.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map { Substring($0) }
        guard fields.count == 9 else {
            return .failure(Problem(reason: "has \(fields.count) fields, expected 9"))
        }
        guard !fields[0].isEmpty else { return .failure(Problem(reason: "has an empty login")) }
        let names = ["last change", "minimum age", "maximum age", "warning period", "inactivity period", "expiry date"]
        var numbers: [Int?] = []
        for (offset, name) in names.enumerated() {
            let field = fields[2 + offset]
            if field.isEmpty { numbers.append(nil); continue }
            guard field.utf8.count <= 12, field.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || (field == "-1"),
                  let value = Int(field) else {
                return .failure(Problem(reason: "\(name) is not a number of days"))
            }
            numbers.append(value)
        }
        return .success(ShadowEntry(login: String(fields[0]), password: String(fields[1]),
                                    lastChange: numbers[0], minDays: numbers[1], maxDays: numbers[2],
                                    warnDays: numbers[3], inactiveDays: numbers[4], expireDate: numbers[5],
                                    reserved: String(fields[8])))
    }
}

/// Splits bytes at `\n`; a final newline does not make an empty last line.
func splitLines(_ bytes: [UInt8]) -> (lines: [[UInt8]], endsWithNewline: Bool) {
    var lines: [[UInt8]] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
        lines.append(Array(bytes[start..<index]))
        start = index + 1
    }
    let endsWithNewline = start == bytes.count && !bytes.isEmpty
    if start < bytes.count { lines.append(Array(bytes[start...])) }
    return (lines, endsWithNewline)
}
