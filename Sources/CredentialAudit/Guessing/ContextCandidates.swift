/// The user-context stage, as john's single-crack mode does it: the login,
/// the words of the GECOS field and the home directory's name, their
/// combinations (first + last name, initial + last name, ...), each with the
/// context mangling rules. The empty password comes first: one guess that
/// settles whether the hash is of nothing.
struct ContextCandidates: CandidateStream {
    /// Candidates per account at most: the stage is meant to be the
    /// cheap, likely start, not a second dictionary run.
    static let limit = 3000

    private var emptyDone = false
    private var rules: RuleMergeStream

    init(_ target: GuessTarget) {
        rules = RuleMergeStream(words: RankedWords(ContextCandidates.words(for: target)),
                                rules: ManglingRule.contextRules, limit: ContextCandidates.limit - 1)
    }

    mutating func fill(_ builder: inout CandidateBlockBuilder) -> Bool {
        if !emptyDone {
            emptyDone = true
            builder.commit(score: 1)
        }
        return rules.fill(&builder)
    }

    /// The context words, most telling first, lower-cased, each once.
    static func words(for target: GuessTarget) -> [[UInt8]] {
        var words: [[UInt8]] = []
        func add(_ word: [UInt8]) {
            let lowered = word.map(ManglingRule.lowered)
            if !lowered.isEmpty, !words.contains(lowered) { words.append(lowered) }
        }
        let login = Array(target.login.utf8)
        add(login)
        // The name is the GECOS field's first comma-separated part; the rest
        // (room, phones, other) are weaker words.
        let gecosFields = target.gecos.split(separator: ",", omittingEmptySubsequences: false)
        let nameParts = gecosFields.first.map { pieces(Array($0.utf8)) } ?? []
        for part in nameParts { add(part) }
        if nameParts.count >= 2, let first = nameParts.first, let last = nameParts.last {
            add(first + last)
            add(last + first)
            add([first[0]] + last)
            add(first + [last[0]])
            add([first[0], last[0]])
        }
        // Letters and digits of the login apart ("alice99" -> "alice", "99").
        for part in pieces(login, splitDigits: true) where part.count >= 2 { add(part) }
        let home = target.home.split(separator: "/").last.map { Array($0.utf8) } ?? []
        add(home)
        for field in gecosFields.dropFirst() {
            for part in pieces(Array(field.utf8)) where part.count >= 2 { add(part) }
        }
        return words
    }

    /// Splits at anything that is not a letter or digit (bytes ≥ 0x80 stay
    /// inside words), and between letters and digits when asked.
    static func pieces(_ text: [UInt8], splitDigits: Bool = false) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var lastWasDigit = false
        for c in text {
            let isDigit = c >= 0x30 && c <= 0x39
            let isWordByte = isDigit || ManglingRule.isLetter(c) || c >= 0x80
            if !isWordByte || (splitDigits && !current.isEmpty && isDigit != lastWasDigit) {
                if !current.isEmpty { result.append(current) }
                current = []
            }
            if isWordByte { current.append(c) }
            lastWasDigit = isDigit
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
