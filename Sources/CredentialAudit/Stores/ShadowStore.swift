/// Accounts of a shadow file, with GECOS and home from a passwd file.
/// Parsing is `ShadowFile`'s; this adds the meaning of the hash field.
enum ShadowStore {
    /// The accounts and malformed lines of a shadow file.
    static func parse(_ bytes: [UInt8], path: String, passwd: PasswdFile?) -> (accounts: [StoredAccount], errors: [StoreError]) {
        let file = ShadowFile(bytes: bytes, path: path)
        var byLogin: [String: PasswdEntry] = [:]
        for entry in passwd?.entries ?? [] where byLogin[entry.login] == nil { byLogin[entry.login] = entry }
        var accounts: [StoredAccount] = []
        accounts.reserveCapacity(file.lines.count)
        for (index, line) in file.lines.enumerated() {
            guard case .entry(let entry, _) = line else { continue }
            let (secret, locked) = classify(entry.password)
            let user = byLogin[entry.login]
            accounts.append(StoredAccount(login: entry.login, file: path, line: index + 1, format: .shadow,
                                          secret: secret, isLocked: locked, ageing: PasswordAgeing(entry),
                                          gecos: user?.gecos ?? "", home: user?.home ?? ""))
        }
        let errors = file.malformed.map { StoreError(file: $0.path, line: $0.line, message: $0.reason) }
        return (accounts, errors)
    }

    /// The meaning of a shadow hash field. A leading `!` (any number) locks;
    /// what follows is empty (no password needed, or with `!` none set), a
    /// marker (`*...`, or anything shorter than the shortest hash, 13
    /// characters, and not `$`-prefixed: `x`, `NP`, `LK`) or a hash.
    static func classify(_ field: String) -> (StoredSecret, locked: Bool) {
        let rest = field.drop { $0 == "!" }
        let locked = rest.count != field.count
        if rest.isEmpty { return (locked ? .disabled : .empty, locked) }
        if rest.hasPrefix("*") { return (.disabled, locked) }
        if !rest.hasPrefix("$") && rest.utf8.count < 13 { return (.disabled, locked) }
        return (.hash(String(rest)), locked)
    }
}
