/// `/etc/passwd` entries (passwd(5)): `login:x:uid:gid:gecos:home:shell`.
/// Read for the user context (GECOS, home) and for UIDs (scope of rotation).

/// One account of a passwd file.
public struct PasswdEntry: Equatable, Sendable {
    /// The login name.
    public var login: String
    /// The numeric user id.
    public var uid: UInt32
    /// The numeric primary group id.
    public var gid: UInt32
    /// The GECOS field (full name, office, phones: comma-separated).
    public var gecos: String
    /// The home directory.
    public var home: String
    /// The login shell.
    public var shell: String

    /// Creates an entry from its fields.
    public init(login: String, uid: UInt32, gid: UInt32, gecos: String = "", home: String = "", shell: String = "") {
        self.login = login
        self.uid = uid
        self.gid = gid
        self.gecos = gecos
        self.home = home
        self.shell = shell
    }
}

/// A parsed passwd file.
public struct PasswdFile: Sendable {
    /// Valid entries in file order.
    public var entries: [PasswdEntry]
    /// Lines that are not valid entries (blank lines and NIS markers excepted).
    public var malformed: [MalformedLine]

    /// Parses the bytes of a passwd file. Never throws: bad lines go to `malformed`.
    public init(bytes: [UInt8], path: String) {
        var entries: [PasswdEntry] = []
        var malformed: [MalformedLine] = []
        for (index, raw) in splitLines(bytes).lines.enumerated() {
            if raw.isEmpty || raw.first == UInt8(ascii: "+") || raw.first == UInt8(ascii: "-") { continue }
            func bad(_ reason: String) { malformed.append(MalformedLine(path: path, line: index + 1, reason: reason)) }
            if raw.contains(0) { bad("contains a NUL byte"); continue }
            guard let text = String(validating: raw, as: UTF8.self) else { bad("is not valid UTF-8"); continue }
            // Split the UTF-8 view: splitting the String itself walks grapheme clusters, several times slower.
            let fields = text.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map { Substring($0) }
            guard fields.count == 7 else { bad("has \(fields.count) fields, expected 7"); continue }
            guard !fields[0].isEmpty else { bad("has an empty login"); continue }
            guard let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { bad("uid or gid is not a number"); continue }
            entries.append(PasswdEntry(login: String(fields[0]), uid: uid, gid: gid, gecos: String(fields[4]),
                                       home: String(fields[5]), shell: String(fields[6])))
        }
        self.entries = entries
        self.malformed = malformed
    }

    /// The entry for a login, if any (first wins, as getpwnam does).
    public func entry(for login: String) -> PasswdEntry? {
        entries.first { $0.login == login }
    }
}
