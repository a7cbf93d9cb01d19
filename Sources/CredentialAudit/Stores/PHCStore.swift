/// PHC strings (`$argon2id$v=19$...`, `$pbkdf2-sha256$...`, `$scrypt$...`),
/// Django (`pbkdf2_sha256$iterations$salt$hash`, `argon2$argon2id$...`,
/// `bcrypt_sha256$...`) and Werkzeug (`scrypt:N:r:p$salt$hex`,
/// `pbkdf2:sha256:iterations$salt$hex`) hashes, one per line, each either
/// `login:hash` or the bare hash (login `#LINE`).
enum PHCStore {
    /// The accounts and malformed lines of a PHC-style file.
    static func parse(_ bytes: [UInt8], path: String) -> (accounts: [StoredAccount], errors: [StoreError]) {
        StoreLine.parseEntries(bytes, path: path) { line, number in
            let text = line.trimmingTrailingBlanks()
            if text.isEmpty { return .success(nil) }
            guard let parts = split(text), !parts.hash.isEmpty else {
                return .failure(StoreLineProblem(reason: "has an empty login or hash"))
            }
            return .success(StoredAccount(login: parts.login ?? "#\(number)", file: path, line: number, format: .phc,
                                          secret: .hash(parts.hash)))
        }
    }

    /// A line's login (nil for a bare hash) and hash. The line is a bare
    /// hash when it has no `:`, or when what precedes the first `:` contains
    /// `$` or is a Werkzeug method (`scrypt`, `pbkdf2`): logins cannot be
    /// told from those. Nil for an empty login.
    static func split(_ text: String) -> (login: String?, hash: String)? {
        guard let colon = text.firstIndex(of: ":") else { return (nil, text) }
        let head = text[..<colon]
        if head.contains("$") || head == "scrypt" || head == "pbkdf2" { return (nil, text) }
        guard !head.isEmpty else { return nil }
        return (String(head), String(text[text.index(after: colon)...]))
    }

    /// Whether a hash has one of the shapes this format is for (used to recognise the format).
    static func looksLikeHash(_ hash: String) -> Bool {
        if hash.hasPrefix("$argon2") || hash.hasPrefix("$pbkdf2") || hash.hasPrefix("$scrypt$") { return true }
        if hash.hasPrefix("scrypt:") || hash.hasPrefix("pbkdf2:") { return true }
        let djangoNames = ["pbkdf2_sha256$", "pbkdf2_sha1$", "argon2$", "bcrypt_sha256$", "bcrypt$", "scrypt$"]
        return djangoNames.contains { hash.hasPrefix($0) }
    }
}

extension String {
    /// The string without trailing spaces and tabs.
    func trimmingTrailingBlanks() -> String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
