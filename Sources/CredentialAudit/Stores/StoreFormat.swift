/// The credential store formats `pwguard audit` reads, and how a file's
/// format is recognised when none is named.
public enum StoreFormat: String, Sendable, CaseIterable {
    /// `/etc/shadow`: `login:hash:lastchg:min:max:warn:inactive:expire:reserved`.
    case shadow
    /// Apache htpasswd: `login:hash` (`$2y$`, `$apr1$`, `{SHA}`, crypt, plaintext).
    case htpasswd
    /// LDIF entries with `userPassword` attributes.
    case ldif
    /// pwdump / secretsdump: `login:rid:LM:NT:::`.
    case pwdump
    /// PHC strings and Django / Werkzeug hashes: `login:hash` or one bare hash per line.
    case phc

    /// Guesses the format of a file from its first lines: the format that
    /// accepts the most of up to 50 non-blank, non-comment lines, ties going
    /// to the more specific format (LDIF, pwdump, shadow, PHC, htpasswd).
    /// Nil when no format accepts any line.
    public static func detect(_ bytes: [UInt8]) -> StoreFormat? {
        var sample: [String] = []
        for raw in splitLines(bytes).lines {
            if sample.count == 50 { break }
            let line = StoreLine.trimmingCarriageReturn(raw)
            guard !line.isEmpty, line.count <= StoreLine.maxBytes, !line.contains(0),
                  let text = String(validating: line, as: UTF8.self) else { continue }
            if text.hasPrefix("#") { continue }
            sample.append(text)
        }
        let order: [StoreFormat] = [.ldif, .pwdump, .shadow, .phc, .htpasswd]
        var best: (format: StoreFormat, score: Int)?
        for format in order {
            let score = sample.filter { format.looksLikeLine($0) }.count
            if score > 0, score > (best?.score ?? 0) { best = (format, score) }
        }
        return best?.format
    }

    /// Whether one line has this format's shape (a quick test for `detect`).
    func looksLikeLine(_ text: String) -> Bool {
        switch self {
        case .ldif:
            let lower = text.lowercased()
            return lower.hasPrefix("dn:") || lower.hasPrefix("version:") || lower.hasPrefix("userpassword:")
        case .pwdump:
            return PwdumpStore.parseFields(text) != nil
        case .shadow:
            return (try? ShadowFile.parseEntry(Array(text.utf8)).get()) != nil
        case .phc:
            return PHCStore.split(text).map { PHCStore.looksLikeHash($0.hash) } ?? false
        case .htpasswd:
            guard let colon = text.firstIndex(of: ":") else { return false }
            return colon != text.startIndex && !text[text.index(after: colon)...].contains(":")
        }
    }
}

/// Line-level checks shared by the store parsers.
enum StoreLine {
    /// Longer lines are errors: no credential is this long, and a report must not carry megabytes.
    static let maxBytes = 65_536

    /// The line without a trailing `\r` (files written on Windows).
    static func trimmingCarriageReturn(_ raw: [UInt8]) -> ArraySlice<UInt8> {
        raw.last == 0x0D ? raw.dropLast() : raw[...]
    }

    /// The line as text, or the reason it cannot be read as text.
    static func text(_ raw: [UInt8]) -> Result<String, StoreLineProblem> {
        let line = trimmingCarriageReturn(raw)
        if line.count > maxBytes { return .failure(StoreLineProblem(reason: "is longer than \(maxBytes) bytes")) }
        if line.contains(0) { return .failure(StoreLineProblem(reason: "contains a NUL byte")) }
        guard let text = String(validating: line, as: UTF8.self) else {
            return .failure(StoreLineProblem(reason: "is not valid UTF-8"))
        }
        return .success(text)
    }

    /// Parses a line-oriented store: each line that reads as text and is
    /// neither blank nor a `#` comment goes to `parse` with its 1-based
    /// number, which returns the account, or why the line is malformed.
    /// Unreadable and malformed lines become errors; nothing is skipped silently.
    static func parseEntries(_ bytes: [UInt8], path: String,
                             _ parse: (String, Int) -> Result<StoredAccount?, StoreLineProblem>)
        -> (accounts: [StoredAccount], errors: [StoreError]) {
        var accounts: [StoredAccount] = []
        var errors: [StoreError] = []
        for (index, raw) in splitLines(bytes).lines.enumerated() {
            let number = index + 1
            let result = text(raw).flatMap { text -> Result<StoredAccount?, StoreLineProblem> in
                text.isEmpty || text.hasPrefix("#") ? .success(nil) : parse(text, number)
            }
            switch result {
            case .success(let account): if let account { accounts.append(account) }
            case .failure(let problem): errors.append(StoreError(file: path, line: number, message: problem.reason))
            }
        }
        return (accounts, errors)
    }
}

/// Why a line was refused.
struct StoreLineProblem: Error {
    var reason: String
}
