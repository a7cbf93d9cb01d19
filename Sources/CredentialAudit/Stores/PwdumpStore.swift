/// pwdump / secretsdump output: `login:rid:LMHASH:NTHASH:::` (trailing fields
/// ignored), 32 hex digits per hash.
enum PwdumpStore {
    /// The LM hash of the empty password: the account has no LM hash.
    static let emptyLM = "aad3b435b51404eeaad3b435b51404ee"
    /// The NT hash of the empty password.
    static let emptyNT = "31d6cfe0d16ae931b73c59d7e0c089c0"

    /// The accounts and malformed lines of a pwdump file.
    static func parse(_ bytes: [UInt8], path: String) -> (accounts: [StoredAccount], errors: [StoreError]) {
        StoreLine.parseEntries(bytes, path: path) { text, number in
            guard let fields = parseFields(text) else {
                return .failure(StoreLineProblem(reason: "is not login:rid:LM:NT::: with 32 hex digits per hash"))
            }
            let secret: StoredSecret = fields.nt.map { .ntlm(nt: $0, lm: fields.lm) } ?? .disabled
            return .success(StoredAccount(login: fields.login, file: path, line: number, format: .pwdump, secret: secret))
        }
    }

    /// The login and hashes of a line, lower-case hex; a hash is nil when the
    /// column says there is none (LM of the empty password, pwdump's `NO PASSWORD***...`).
    static func parseFields(_ text: String) -> (login: String, nt: String?, lm: String?)? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 4, !fields[0].isEmpty, !fields[1].isEmpty,
              fields[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func hash(_ field: Substring) -> String?? {
            if field.hasPrefix("NO PASSWORD") { return .some(nil) }
            guard field.utf8.count == 32, field.utf8.allSatisfy(isHexDigit) else { return nil }
            return .some(field.lowercased())
        }
        guard let lm = hash(fields[2]), let nt = hash(fields[3]) else { return nil }
        return (String(fields[0]), nt, lm == emptyLM ? nil : lm)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
