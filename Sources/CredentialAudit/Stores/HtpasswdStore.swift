/// Apache htpasswd files: `login:hash`, blank lines and `#` comments ignored
/// (as mod_authn_file does).
enum HtpasswdStore {
    /// The accounts and malformed lines of an htpasswd file.
    static func parse(_ bytes: [UInt8], path: String) -> (accounts: [StoredAccount], errors: [StoreError]) {
        StoreLine.parseEntries(bytes, path: path) { text, number in
            guard let colon = text.firstIndex(of: ":") else {
                return .failure(StoreLineProblem(reason: "has no ':' between login and hash"))
            }
            let login = String(text[..<colon])
            guard !login.isEmpty else { return .failure(StoreLineProblem(reason: "has an empty login")) }
            let field = String(text[text.index(after: colon)...])
            return .success(StoredAccount(login: login, file: path, line: number, format: .htpasswd,
                                          secret: classify(field)))
        }
    }

    /// htpasswd's hash field: `$...` and `{SHA}` are hashes, so is a
    /// 13-character DES crypt string; anything else is a plaintext password
    /// (`htpasswd -p`). A 13-character plaintext password made only of
    /// crypt's alphabet is therefore read as DES crypt: Apache does the same.
    static func classify(_ field: String) -> StoredSecret {
        if field.isEmpty { return .empty }
        if field.hasPrefix("$") || field.hasPrefix("{SHA}") || isDESCrypt(field) { return .hash(field) }
        return .plaintext(Array(field.utf8))
    }

    /// 13 characters of `./0-9A-Za-z`: traditional DES crypt.
    static func isDESCrypt(_ field: String) -> Bool {
        field.utf8.count == 13 && field.utf8.allSatisfy(isCryptAlphabet)
    }

    static func isCryptAlphabet(_ byte: UInt8) -> Bool {
        (byte >= 0x2E && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
