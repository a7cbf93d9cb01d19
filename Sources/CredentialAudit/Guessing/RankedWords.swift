import Glibc
import PasswordPolicy

/// Words in rank order (most likely first), stored flat: the user's context
/// words, the built-in lexicon, or a --wordlist file read as far as the
/// rules have got (a file is streamed, never read ahead of need). A
/// file-backed instance changes as it reads, so it is used by one generator
/// under the scheduler's lock; fixed word sets never change after `init`
/// (which is what makes the shared `builtInLexicon` safe).
final class RankedWords: @unchecked Sendable {
    /// The built-in lexicon in rank order, built once per process (sorting
    /// 200,000 entries is worth doing once).
    static let builtInLexicon = RankedWords.lexicon()

    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var reader: LineReader?

    /// Fixed words.
    init(_ words: [[UInt8]]) {
        for word in words where !word.isEmpty {
            bytes.append(contentsOf: word)
            ends.append(bytes.count)
        }
    }

    /// A word list file, read line by line as words are needed.
    init(reader: LineReader) {
        self.reader = reader
    }

    /// The built-in lexicon in rank order; ties go to the password lists
    /// first, then names, then general vocabulary (list order in
    /// `listPriority`).
    static func lexicon(_ lexicon: Lexicon = .builtIn) -> RankedWords {
        let priority = lexicon.listNames.map { name -> Int in
            switch name {
            case "passwords", "john": return 0
            case "male_names", "female_names", "surnames": return 1
            case "us_tv_and_film", "english_wikipedia": return 2
            default: return 3
            }
        }
        // Sort keys: (rank × list priority) above, entry index below.
        var keys = lexicon.all.map { entry -> UInt64 in
            let list = lexicon.list(of: entry)
            let weight = list < priority.count ? priority[list] + 1 : 4
            return UInt64(lexicon.rank(of: entry) * weight) << 32 | UInt64(entry)
        }
        keys.sort()
        return RankedWords(keys.map { lexicon.word(Int($0 & 0xFFFF_FFFF)) })
    }

    /// Words read so far (all of them once `has` has answered false).
    var count: Int { ends.count }

    /// The first `count` words (fewer if there are fewer).
    func prefix(_ count: Int) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var index = 0
        while index < count, has(index) {
            words.append(withWord(index) { Array($0) })
            index += 1
        }
        return words
    }

    /// True when word `index` exists (reading further into the file if needed).
    func has(_ index: Int) -> Bool {
        while index >= ends.count {
            guard let reader, let line = reader.nextLine() else {
                reader = nil
                return false
            }
            bytes.append(contentsOf: line)
            ends.append(bytes.count)
        }
        return true
    }

    /// Calls `body` with word `index` (which `has` confirmed).
    func withWord<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }
}

/// Reads a file's lines as bytes: any line length (lines longer than a
/// candidate can be are skipped without being held in memory), invalid
/// UTF-8 kept as it is, a trailing "\r" and empty lines dropped.
final class LineReader {
    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 65536)
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// The path, for messages.
    let path: String

    /// Opens `path`; throws a `GuessingError` naming the file and the reason.
    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw GuessingError(description: "\(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw GuessingError(description: "\(path): is a directory")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The next non-empty line of at most `CandidateBlockBuilder.maxLength`
    /// bytes, or nil at the end of the file (or on a read error).
    func nextLine() -> [UInt8]? {
        var line: [UInt8] = []
        var overlong = false
        while true {
            if start == end {
                if atEOF { break }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { atEOF = true; break }
                start = 0
                end = count
            }
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                if !overlong { line.append(contentsOf: buffer[start..<newline]) }
                start = newline + 1
                if line.last == 0x0D { line.removeLast() }
                if !overlong, !line.isEmpty, line.count <= CandidateBlockBuilder.maxLength { return line }
                line.removeAll(keepingCapacity: true)
                overlong = false
                continue
            }
            if !overlong { line.append(contentsOf: buffer[start..<end]) }
            start = end
            if line.count > CandidateBlockBuilder.maxLength + 1 {
                overlong = true
                line.removeAll()
            }
        }
        // The last line may lack its newline.
        if line.last == 0x0D { line.removeLast() }
        if !overlong, !line.isEmpty, line.count <= CandidateBlockBuilder.maxLength { return line }
        return nil
    }
}

/// Ranked words × mangling rules, in order of `(rank + 1) / weight`: word
/// i with rule r comes before word j with rule s when i / w(r) < j / w(s),
/// so "rank × rule likelihood" order is kept across the whole stream.
struct RuleMergeStream: CandidateStream {
    private let words: RankedWords
    private let rules: [ManglingRule]
    /// Next word index for each rule; `Int.max` once the rule has run out of words.
    private var cursors: [Int]
    /// Candidates left to give (nil: no cap).
    private var remaining: Int?
    /// Once the first rule (the words as they are) has used every word,
    /// each other rule ends at `max(words × weight, min(words, minimumDepth))`
    /// rather than at the last word: a long list's rare rules reach its top
    /// words only (the stream stays a few times the list's length), a short
    /// list gets every rule on every word.
    private let endWithFirstRule: Bool
    static let minimumDepth = 1000

    /// Multiplies the merge key `(rank + 1) / weight` into the stream's score.
    private let scale: Double

    init(words: RankedWords, rules: [ManglingRule], limit: Int? = nil, endWithFirstRule: Bool = false,
         scale: Double = 1) {
        self.scale = scale
        self.words = words
        self.rules = rules
        self.cursors = [Int](repeating: 0, count: rules.count)
        self.remaining = limit
        self.endWithFirstRule = endWithFirstRule
    }

    mutating func fill(_ builder: inout CandidateBlockBuilder) -> Bool {
        while !builder.isFull {
            if let left = remaining, left <= 0 { return false }
            var best = -1
            var bestScore = Double.infinity
            let wordCount = endWithFirstRule && cursors.first == Int.max ? words.count : nil
            for r in 0..<rules.count where cursors[r] != Int.max {
                if let wordCount, cursors[r] >= max(Int(Double(wordCount) * rules[r].weight),
                                                    min(wordCount, RuleMergeStream.minimumDepth)) {
                    cursors[r] = Int.max
                    continue
                }
                let score = Double(cursors[r] + 1) / rules[r].weight
                if score < bestScore {
                    bestScore = score
                    best = r
                }
            }
            guard best >= 0 else { return false }
            let index = cursors[best]
            guard words.has(index) else {
                cursors[best] = Int.max
                continue
            }
            cursors[best] = index + 1
            let rule = rules[best]
            if words.withWord(index, { rule.apply($0, score: bestScore * scale, into: &builder) }) {
                if let left = remaining { remaining = left - 1 }
            }
        }
        return true
    }
}
