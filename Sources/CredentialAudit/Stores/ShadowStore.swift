import Dispatch
import Synchronization

/// Accounts of a shadow file, with GECOS and home from a passwd file.
/// Parsing is `ShadowFile`'s; this adds the meaning of the hash field.
enum ShadowStore {
    /// The accounts and malformed lines of a shadow file. Large files are
    /// parsed in pieces on `threads` threads (a 100,000-line file is a
    /// fifth of a scan without guessing); the result is the same.
    static func parse(_ bytes: [UInt8], path: String, passwd: PasswdFile?,
                      threads: Int = 1) -> (accounts: [StoredAccount], errors: [StoreError]) {
        var byLogin: [String: PasswdEntry] = [:]
        for entry in passwd?.entries ?? [] where byLogin[entry.login] == nil { byLogin[entry.login] = entry }
        let pieces = parsePieces(bytes, path: path, count: bytes.count < (1 << 20) ? 1 : max(1, threads))
        var accounts: [StoredAccount] = []
        var errors: [StoreError] = []
        var seen = Set<String>()
        var lineOffset = 0
        for file in pieces {
            var malformed = file.malformed.makeIterator()
            var nextMalformed = malformed.next()
            func flushMalformed(before line: Int) {
                while let bad = nextMalformed, bad.line < line {
                    errors.append(StoreError(file: path, line: bad.line + lineOffset, message: bad.reason))
                    nextMalformed = malformed.next()
                }
            }
            for (index, line) in file.lines.enumerated() {
                guard case .entry(let entry, let original) = line else { continue }
                let number = index + 1
                flushMalformed(before: number)
                guard original.count <= StoreLine.maxBytes else {
                    errors.append(StoreError(file: path, line: number + lineOffset,
                                             message: "is longer than \(StoreLine.maxBytes) bytes"))
                    continue
                }
                // ShadowFile finds duplicates within a piece; these are across pieces.
                guard seen.insert(entry.login).inserted else {
                    errors.append(StoreError(file: path, line: number + lineOffset, message: "duplicate login '\(entry.login)'"))
                    continue
                }
                let (secret, locked) = classify(entry.password)
                let user = byLogin[entry.login]
                accounts.append(StoredAccount(login: entry.login, file: path, line: number + lineOffset, format: .shadow,
                                              secret: secret, isLocked: locked, ageing: PasswordAgeing(entry),
                                              gecos: user?.gecos ?? "", home: user?.home ?? ""))
            }
            flushMalformed(before: Int.max)
            lineOffset += file.lines.count
        }
        return (accounts, errors)
    }

    /// The file cut after newlines into `count` pieces of similar size, each parsed by `ShadowFile`.
    private static func parsePieces(_ bytes: [UInt8], path: String, count: Int) -> [ShadowFile] {
        guard count > 1 else { return [ShadowFile(bytes: bytes, path: path)] }
        var bounds = [0]
        for piece in 1..<count {
            var cut = max(bytes.count * piece / count, bounds[bounds.count - 1])
            while cut < bytes.count, bytes[cut - 1] != 0x0A { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(bytes.count)
        let cuts = bounds
        let files = Mutex<[ShadowFile?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { piece in
            let file = ShadowFile(bytes: Array(bytes[cuts[piece]..<cuts[piece + 1]]), path: path)
            files.withLock { $0[piece] = file }
        }
        return files.withLock { $0.compactMap { $0 } }
    }

    /// The meaning of a shadow hash field. A leading `!` (any number) locks;
    /// what follows is empty (no password needed, or with `!` none set), a
    /// marker (`*...`, or anything shorter than the shortest hash, 13
    /// characters, and not `$`-prefixed: `x`, `NP`, `LK`) or a hash.
    static func classify(_ field: String) -> (StoredSecret, locked: Bool) {
        // On the UTF-8 view: counting Characters would walk grapheme clusters.
        let bytes = field.utf8
        let bangs = bytes.prefix { $0 == UInt8(ascii: "!") }.count
        let locked = bangs > 0
        let rest = bytes.dropFirst(bangs)
        guard let first = rest.first else { return (locked ? .disabled : .empty, locked) }
        if first == UInt8(ascii: "*") { return (.disabled, locked) }
        if first != UInt8(ascii: "$") && rest.count < 13 { return (.disabled, locked) }
        return (.hash(locked ? String(Substring(rest)) : field), locked)
    }
}
