#if canImport(Glibc)
import Glibc
#endif
import PasswordPolicy

/// The model stage: the patterns pwguard's own estimator knows (keyboard
/// walks, sequences, repeats, dates, digit strings, words with numbers,
/// two words together), generated family by family and merged so that
/// candidates come out in roughly increasing estimated guesses: each family
/// yields its own candidates in increasing cost, and the stream always
/// takes the family whose next candidate the `Estimator` scores lowest.
struct ModelCandidates: CandidateStream {
    private var families: [Family]
    /// Estimated guesses (log10) of each family's next candidate; nil once it has run out.
    private var heads: [(candidate: [UInt8], log10: Double)?]
    private let estimator: Estimator

    init(lexicon: Lexicon = .builtIn, topWords: [[UInt8]], estimator: Estimator = Estimator()) {
        self.estimator = estimator
        let currentYear = estimator.currentYear
        let top = Array(topWords.prefix(2000))
        families = [
            Family(list: ModelCandidates.walksAndSequences()),
            Family(digitsOfLength: 4), Family(digitsOfLength: 5), Family(digitsOfLength: 6),
            Family(digitsOfLength: 7), Family(digitsOfLength: 8),
            Family(dates: currentYear),
            Family(words: top, numberDigits: 3, capitalized: false),
            Family(words: top, numberDigits: 3, capitalized: true),
            Family(words: top, numberDigits: 4, capitalized: false),
            Family(words: top, numberDigits: 4, capitalized: true),
            Family(pairsOf: Array(top.prefix(700))),
        ]
        heads = []
        produced = [Int](repeating: 0, count: families.count)
        lastEstimate = [Double](repeating: 0, count: families.count)
        for index in families.indices { heads.append(advance(index)) }
    }

    /// The estimator is asked about every `estimateEvery`-th candidate of a
    /// family (the ones between share its score): families change slowly,
    /// and estimating each candidate would cost more than a fast hash.
    static let estimateEvery = 64
    private var produced: [Int] = []
    private var lastEstimate: [Double] = []

    private mutating func advance(_ index: Int) -> (candidate: [UInt8], log10: Double)? {
        guard let next = families[index].next() else { return nil }
        if produced[index] % ModelCandidates.estimateEvery == 0 {
            lastEstimate[index] = estimator.estimate(next).guessesLog10
        }
        produced[index] += 1
        return (next, lastEstimate[index])
    }

    mutating func fill(_ builder: inout CandidateBlockBuilder) -> Bool {
        while !builder.isFull {
            var best = -1
            var bestScore = Double.infinity
            for (index, head) in heads.enumerated() {
                if let head, head.log10 < bestScore {
                    best = index
                    bestScore = head.log10
                }
            }
            guard best >= 0, let head = heads[best] else { return false }
            builder.add(head.candidate, score: pow(10, head.log10))
            heads[best] = advance(best)
        }
        return true
    }

    /// Keyboard walks on the usual layouts and character sequences and repeats.
    static func walksAndSequences() -> [[UInt8]] {
        var result: [String] = []
        let rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop", "!@#$%^&*()",
                    "abcdefghijklmnopqrstuvwxyz"]
        for row in rows {
            let chars = Array(row)
            for length in [6, 8, 4, 5, 7, 9, 10] where length <= chars.count {
                for start in 0...(chars.count - length) {
                    let part = String(chars[start..<(start + length)])
                    result.append(part)
                    result.append(String(part.reversed()))
                }
            }
        }
        // Columns and zig-zags on qwerty.
        let columns = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"]
        for i in 0..<columns.count - 1 {
            result.append(columns[i] + columns[i + 1])
            if i + 2 < columns.count { result.append(columns[i] + columns[i + 1] + columns[i + 2]) }
        }
        result += ["qazwsx", "zaq12wsx", "1q2w3e4r", "1q2w3e", "1q2w3e4r5t", "q1w2e3r4", "zaq1xsw2", "qweasdzxc",
                   "1qazxsw2", "!qaz2wsx", "1qaz@wsx", "qwer1234", "asdf1234", "1234qwer", "qwe123", "asd123",
                   "123qwe", "zxc123", "qweqwe", "asdasd", "zxczxc"]
        for c in "0123456789abcxyz!" {
            for length in [6, 8, 4, 5, 7, 10] { result.append(String(repeating: c, count: length)) }
        }
        for pair in ["12", "ab", "01", "69", "11", "00", "13", "21", "99"] {
            for times in [3, 4, 2, 5] { result.append(String(repeating: pair, count: times)) }
        }
        for triple in ["123", "abc", "321", "007", "777", "159", "147", "258", "369", "789"] {
            result.append(triple + triple)
            result.append(triple + triple + triple)
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }.map { Array($0.utf8) }
    }

    /// One lazily generated family, in its own increasing-cost order.
    struct Family {
        private var generate: () -> [UInt8]?

        mutating func next() -> [UInt8]? { generate() }

        init(list: [[UInt8]]) {
            var index = 0
            generate = {
                guard index < list.count else { return nil }
                defer { index += 1 }
                return list[index]
            }
        }

        /// Every string of `length` digits, in numeric order.
        init(digitsOfLength length: Int) {
            var value = 0
            var limit = 1
            for _ in 0..<length { limit *= 10 }
            generate = {
                guard value < limit else { return nil }
                defer { value += 1 }
                return ModelCandidates.digits(value, width: length)
            }
        }

        /// Dates of birth and anniversaries, newest years first: DDMMYYYY,
        /// MMDDYYYY, YYYYMMDD, DDMMYY, MMDDYY.
        init(dates currentYear: Int) {
            var year = currentYear
            var day = 0      // 0-based day of the year, 0..<372 (31 × 12 grid)
            var format = 0
            generate = {
                while year >= 1940 {
                    let d = day % 31 + 1, m = day / 31 + 1
                    let text: [UInt8]
                    switch format {
                    case 0: text = ModelCandidates.digits(d, width: 2) + ModelCandidates.digits(m, width: 2) + ModelCandidates.digits(year, width: 4)
                    case 1: text = ModelCandidates.digits(m, width: 2) + ModelCandidates.digits(d, width: 2) + ModelCandidates.digits(year, width: 4)
                    case 2: text = ModelCandidates.digits(year, width: 4) + ModelCandidates.digits(m, width: 2) + ModelCandidates.digits(d, width: 2)
                    case 3: text = ModelCandidates.digits(d, width: 2) + ModelCandidates.digits(m, width: 2) + ModelCandidates.digits(year % 100, width: 2)
                    default: text = ModelCandidates.digits(m, width: 2) + ModelCandidates.digits(d, width: 2) + ModelCandidates.digits(year % 100, width: 2)
                    }
                    format += 1
                    if format == 5 {
                        format = 0
                        day += 1
                        if day == 372 { day = 0; year -= 1 }
                    }
                    // Skip impossible days (30 February ...); leap days are kept.
                    let monthLength = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
                    if d > monthLength[m - 1] { continue }
                    return text
                }
                return nil
            }
        }

        /// Each word (in rank order) followed by every number of
        /// `numberDigits` digits (the shorter ones and years are rules).
        init(words: [[UInt8]], numberDigits: Int, capitalized: Bool) {
            var wordIndex = 0
            var number = 0
            var limit = 1
            for _ in 0..<numberDigits { limit *= 10 }
            generate = {
                guard wordIndex < words.count else { return nil }
                var word = words[wordIndex]
                if capitalized, let first = word.first { word[0] = ManglingRule.uppered(first) }
                let candidate = word + ModelCandidates.digits(number, width: numberDigits)
                number += 1
                if number == limit { number = 0; wordIndex += 1 }
                return candidate
            }
        }

        /// Two words together, in order of the product of their ranks
        /// (anti-diagonals of the rank grid).
        init(pairsOf words: [[UInt8]]) {
            var sum = 0
            var first = 0
            generate = {
                while sum < 2 * words.count {
                    let second = sum - first
                    defer {
                        first += 1
                        if first > sum { sum += 1; first = 0 }
                    }
                    if first < words.count, second < words.count, first != second {
                        return words[first] + words[second]
                    }
                }
                return nil
            }
        }
    }

    /// `value` in decimal, zero-padded to `width`.
    static func digits(_ value: Int, width: Int) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while i >= 0 && v > 0 {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
        return out
    }
}
