import FoundationEssentials

/// LDIF (RFC 2849) entries: each `userPassword` value is one account.
/// Values may be base64 (`attr:: ...`); long lines are folded (a following
/// line starting with one space continues them); `#` lines are comments.
/// The login is the entry's `uid` attribute, else the value of the DN's
/// first `uid=` or `cn=` part, else the whole DN. GECOS comes from `gecos`
/// or `cn`, `givenName`, `sn`, `mail`; home from `homeDirectory`.
enum LDIFStore {
    /// One attribute value and the line it starts on.
    struct Attribute {
        var name: String
        var value: [UInt8]
        var line: Int
    }

    /// The accounts and malformed lines of an LDIF file.
    static func parse(_ bytes: [UInt8], path: String) -> (accounts: [StoredAccount], errors: [StoreError]) {
        var accounts: [StoredAccount] = []
        var errors: [StoreError] = []
        var record: [Attribute] = []
        // The logical line being unfolded: its text and first line number.
        var pending: (text: String, line: Int)?

        func finishLine() {
            guard let (text, line) = pending else { return }
            pending = nil
            switch parseAttribute(text, line: line) {
            case .success(let attribute): record.append(attribute)
            case .failure(let problem): errors.append(StoreError(file: path, line: line, message: problem.reason))
            }
        }
        func finishRecord() {
            finishLine()
            accounts.append(contentsOf: accountsOf(record, path: path, errors: &errors))
            record.removeAll()
        }

        for (index, raw) in splitLines(bytes).lines.enumerated() {
            let number = index + 1
            let text: String
            switch StoreLine.text(raw) {
            case .success(let value): text = value
            case .failure(let problem):
                errors.append(StoreError(file: path, line: number, message: problem.reason))
                continue
            }
            if text.isEmpty { finishRecord(); continue }
            if text.hasPrefix(" ") {
                if pending != nil {
                    pending?.text += text.dropFirst()
                } else if !(record.isEmpty && text.trimmingWhitespace().isEmpty) {
                    errors.append(StoreError(file: path, line: number, message: "continues no attribute"))
                }
                continue
            }
            finishLine()
            if text.hasPrefix("#") { continue }
            pending = (text, number)
        }
        finishRecord()
        return (accounts, errors)
    }

    /// `name: value`, `name:: base64` or `name:< url` (refused: pwguard reads no URLs).
    static func parseAttribute(_ text: String, line: Int) -> Result<Attribute, StoreLineProblem> {
        guard let colon = text.firstIndex(of: ":") else {
            return .failure(StoreLineProblem(reason: "is not 'attribute: value'"))
        }
        // Options (`userPassword;binary`) do not change what the value is.
        let name = String(text[..<colon].prefix { $0 != ";" }).lowercased()
        var rest = text[text.index(after: colon)...]
        if rest.hasPrefix(":") {
            rest = rest.dropFirst().drop { $0 == " " }
            guard let data = Data(base64Encoded: String(rest)) else {
                return .failure(StoreLineProblem(reason: "\(name) has an invalid base64 value"))
            }
            return .success(Attribute(name: name, value: [UInt8](data), line: line))
        }
        if rest.hasPrefix("<") {
            return .failure(StoreLineProblem(reason: "\(name) refers to a URL, which is not read"))
        }
        rest = rest.drop { $0 == " " }
        return .success(Attribute(name: name, value: Array(rest.utf8), line: line))
    }

    /// The accounts of one entry: one per `userPassword` value.
    static func accountsOf(_ record: [Attribute], path: String, errors: inout [StoreError]) -> [StoredAccount] {
        let passwords = record.filter { $0.name == "userpassword" }
        guard !passwords.isEmpty else { return [] }
        func first(_ name: String) -> String? {
            record.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        let dn = first("dn") ?? ""
        let login = first("uid") ?? loginFromDN(dn) ?? dn
        if login.isEmpty {
            for password in passwords {
                errors.append(StoreError(file: path, line: password.line, message: "userPassword in an entry with no dn or uid"))
            }
            return []
        }
        let gecos = first("gecos") ?? ["cn", "givenname", "sn", "mail"].compactMap(first).joined(separator: ",")
        let home = first("homedirectory") ?? ""
        return passwords.map { password in
            StoredAccount(login: login, file: path, line: password.line, format: .ldif,
                          secret: classify(password.value), gecos: gecos, home: home)
        }
    }

    /// `{SCHEME}...` is a hash; an empty value is no password; anything else
    /// is a plaintext password (LDAP servers store those as given).
    static func classify(_ value: [UInt8]) -> StoredSecret {
        if value.isEmpty { return .empty }
        if value.first == UInt8(ascii: "{"), let text = String(validating: value, as: UTF8.self) { return .hash(text) }
        return .plaintext(value)
    }

    /// The value of the DN's first RDN when it is `uid=` or `cn=`.
    static func loginFromDN(_ dn: String) -> String? {
        let first = dn.split(separator: ",", maxSplits: 1).first.map(String.init) ?? dn
        guard let equals = first.firstIndex(of: "=") else { return nil }
        let type = first[..<equals].trimmingWhitespace().lowercased()
        guard type == "uid" || type == "cn" else { return nil }
        let value = first[first.index(after: equals)...].trimmingWhitespace()
        return value.isEmpty ? nil : value
    }
}
