/// Finds the user's own words (login, name parts, e-mail parts, old password)
/// in the password: whole or in part (≥ 3 characters), in any case, with
/// look-alike substitutions, or reversed — as john's "single crack" mode tries
/// them first.
struct UserContextMatcher {
    /// Context words, lower case, most telling first (rank = index + 1).
    let tokens: [[UInt32]]
    /// For each ASCII first character, the (token, offset) pairs starting with it
    /// or with a letter it may stand for; non-ASCII firsts are scanned directly.
    private let starts: [UInt32: [(token: Int, offset: Int)]]

    static let minimumLength = 3
    /// Context words are cut to this many scalars: enough for any real name or
    /// login, and it bounds the work for a very long old password.
    static let maximumTokenLength = 64
    /// Steps allowed per start position.
    static let stepBudget = 512

    init(context: UserContext) {
        var tokens: [[UInt32]] = []
        func add(_ scalars: [UInt32]) {
            let token = Array(scalars.prefix(UserContextMatcher.maximumTokenLength))
            guard token.count >= UserContextMatcher.minimumLength, !tokens.contains(token) else { return }
            tokens.append(token)
        }
        func lowered(_ text: String) -> [UInt32] {
            PasswordText(bytes: Array(text.utf8)).lower
        }
        func words(_ scalars: [UInt32]) -> [[UInt32]] {
            var result: [[UInt32]] = [], current: [UInt32] = []
            for s in scalars {
                if Mangling.isLetter(s) || (s >= 0x30 && s <= 0x39) { current.append(s) }
                else if !current.isEmpty { result.append(current); current = [] }
            }
            if !current.isEmpty { result.append(current) }
            return result
        }
        if let login = context.login {
            let l = lowered(login)
            add(l)
            for w in words(l) { add(w) }
        }
        if let full = context.fullName {
            // GECOS: the full name is the first comma-separated field.
            let name = lowered(String(full.split(separator: ",", omittingEmptySubsequences: false).first ?? ""))
            let parts = words(name).filter { $0.count >= 2 }
            add(parts.flatMap { $0 })
            for p in parts { add(p) }
            if let first = parts.first, let last = parts.last, parts.count >= 2 {
                add([first[0]] + last)          // jsmith
                add(first + [last[0]])          // johns
                add(last + first)               // smithjohn
            }
            // Extra GECOS fields (room, phone) are context too.
            let rest = lowered(String(full.split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: " ")))
            for w in words(rest) { add(w) }
        }
        if let email = context.email {
            let e = lowered(email)
            let at = e.firstIndex(of: 0x40) ?? e.count
            add(Array(e[..<at]))
            for w in words(Array(e[..<at])) { add(w) }
            if at < e.count, let domain = words(Array(e[(at + 1)...])).first { add(domain) }
        }
        if let old = context.oldPassword {
            let o = PasswordText(bytes: old).lower
            add(o)
            for w in words(o) { add(w) }
        }
        for extra in context.extraWords {
            let x = lowered(extra)
            add(x)
            for w in words(x) { add(w) }
        }
        self.tokens = tokens
        var starts: [UInt32: [(token: Int, offset: Int)]] = [:]
        guard !tokens.isEmpty else {
            self.starts = starts
            return
        }
        for (t, token) in tokens.enumerated() {
            for (o, s) in token.enumerated() where token.count - o >= UserContextMatcher.minimumLength {
                starts[s, default: []].append((t, o))
            }
        }
        // A typed look-alike can start a match of the letter it stands for.
        for typed in 0..<128 {
            for letter in Mangling.l33tLetters[typed] {
                if let list = starts[UInt32(letter)] { starts[UInt32(typed), default: []].append(contentsOf: list) }
            }
        }
        self.starts = starts
    }

    var isEmpty: Bool { tokens.isEmpty }

    func match(_ text: PasswordText, into candidates: inout [Candidate]) {
        guard !tokens.isEmpty else { return }
        scan(text.lower, original: text.scalars, reversed: false, into: &candidates)
        scan(Array(text.lower.reversed()), original: text.scalars, reversed: true, into: &candidates)
    }

    private func scan(_ lower: [UInt32], original: [UInt32], reversed: Bool, into candidates: inout [Candidate]) {
        let n = lower.count
        for start in 0..<n {
            guard let entries = starts[lower[start]] else { continue }
            var steps = 0
            for (t, offset) in entries {
                let token = tokens[t]
                var k = 0
                var mask: UInt64 = 0
                while start + k < n, offset + k < token.count, steps < UserContextMatcher.stepBudget {
                    steps += 1
                    let typed = lower[start + k], wanted = token[offset + k]
                    if typed == wanted {
                    } else if Mangling.isLookAlike(typed, for: wanted) {
                        mask |= 1 << UInt64(k)
                    } else { break }
                    k += 1
                }
                guard k >= UserContextMatcher.minimumLength else { continue }
                let (from, to) = reversed ? (n - start - k, n - start) : (start, start + k)
                var guesses = GuessMath.log10(Double(t + 1))
                let whole = offset == 0 && k == token.count
                if !whole { guesses += GuessMath.log10(Double(token.count) * 2) }
                let (shape, caseLog10) = Mangling.caseShape(original, from..<to)
                guesses += caseLog10
                if mask != 0 {
                    guesses += Mangling.log10L33tFactor(word: Array(token[offset..<(offset + k)]), substitutedMask: mask)
                }
                if reversed { guesses += GuessMath.log10(2.0) }
                candidates.append(Candidate(pattern: .userContext, start: from, end: to, guessesLog10: guesses,
                                            rank: t + 1, reversed: reversed, l33tSubstitutions: mask.nonzeroBitCount,
                                            caseShape: shape, caseLog10: caseLog10))
            }
        }
    }
}
