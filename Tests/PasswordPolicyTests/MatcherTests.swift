import XCTest
@testable import PasswordPolicy

final class DictionaryMatcherTests: XCTestCase {
    func candidates(_ s: String) -> [Candidate] {
        var out: [Candidate] = []
        DictionaryMatcher(lexicon: .builtIn).match(PasswordText(bytes: Array(s.utf8)), into: &out)
        return out
    }

    func whole(_ s: String) -> Piece? {
        let n = s.unicodeScalars.count
        return candidates(s).filter { $0.start == 0 && $0.end == n }.min { $0.guessesLog10 < $1.guessesLog10 }?.piece
    }

    func testPlainWord() {
        let p = whole("password")
        XCTAssertEqual(p?.dictionary, "passwords")
        XCTAssertEqual(p?.rank, 2)
        XCTAssertEqual(p?.reversed, false)
    }

    /// Words typed without their vowels (the first letter kept) are found
    /// where a run of letters starts, priced as the word plus one rule.
    /// (The walk has a search budget: `bttrfly` is beyond it today, since
    /// e, a and o are tried before u; bench/eval_families.py measures recall.)
    func testWordsWithoutVowels() {
        for (typed, word) in [("mcdnld", "mcdonald"), ("undrgrnd", "underground"),
                              ("prtty", "pretty"), ("Gvrnmnt", "government"), ("rjctng", "rejecting")] {
            let p = whole(typed)
            XCTAssertNotNil(p, typed)
            let plain = whole(word)
            if let p, let plain {
                XCTAssertEqual(p.rank, plain.rank, typed)
                XCTAssertGreaterThan(p.guessesLog10, plain.guessesLog10, typed)
            }
        }
        XCTAssertNil(whole("mfydst"))
        // After a digit or symbol, a run of letters starts again.
        XCTAssertTrue(candidates("7prtty").contains { $0.start == 1 && $0.end == 6 })
    }

    /// A word cut short where the letters end (`utilitie`, `practitione`)
    /// is found, priced as its most common completion plus one rule.
    func testWordsCutShort() {
        for (typed, word) in [("utilitie", "utilities"), ("practitione", "practitioner"), ("legislativ", "legislative")] {
            let p = whole(typed)
            XCTAssertNotNil(p, typed)
            if let p, let full = whole(word) {
                XCTAssertLessThanOrEqual(p.rank ?? .max, full.rank ?? .max, typed)
                XCTAssertGreaterThan(p.guessesLog10, full.guessesLog10, typed)
            }
        }
        // Letters follow: not a cut word (nor is the whole a word).
        XCTAssertNil(whole("utilitiex"))
    }

    func testL33tSeveralAtOnce() {
        let p = whole("p@$$w0rd")
        XCTAssertEqual(p?.l33tSubstitutions, 4)
        let gulf = whole("gu1f")
        XCTAssertNotNil(gulf)
    }

    func testReversedAndCapitalised() {
        XCTAssertEqual(whole("drowssap")?.reversed, true)
        XCTAssertEqual(whole("PassWord")?.capitalised, true)
    }

    func testEmbeddedWords() {
        let found = candidates("xxdragonxx").filter { $0.start == 2 && $0.end == 8 }
        XCTAssertFalse(found.isEmpty)
    }
}

final class UserContextMatcherTests: XCTestCase {
    func testTokensAndFuzzyMatches() {
        let m = UserContextMatcher(context: UserContext(login: "jdoe", fullName: "Jane Doe,,,", email: "jane.doe@example.org"))
        XCTAssertFalse(m.isEmpty)
        var out: [Candidate] = []
        m.match(PasswordText(bytes: Array("xJ4NEx".utf8)), into: &out)
        XCTAssertTrue(out.contains { $0.start == 1 && $0.end == 5 && $0.piece.l33tSubstitutions == 1 })
        out.removeAll()
        m.match(PasswordText(bytes: Array("enaj".utf8)), into: &out)
        XCTAssertTrue(out.contains { $0.piece.reversed })
    }

    func testEmptyContext() {
        XCTAssertTrue(UserContextMatcher(context: UserContext()).isEmpty)
    }
}

final class PhraseMatcherTests: XCTestCase {
    /// The generated short-word table (wordlists/short_words.py) gives what
    /// the built-in lexicon gives for every one- and two-letter word.
    func testShortWordRanksMatchTheLexicon() {
        let lexicon = Lexicon.builtIn
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        var words: [[UInt8]] = letters.map { [$0] }
        for a in letters { for b in letters { words.append([a, b]) } }
        XCTAssertEqual(words.count, PhraseMatcher.shortWordRanks.count)
        for (index, word) in words.enumerated() {
            let rank = lexicon.lookup(word).map { min(65_535, max(1, lexicon.rank(of: $0))) } ?? 0
            XCTAssertEqual(Int(PhraseMatcher.shortWordRanks[index]), rank, String(decoding: word, as: UTF8.self))
        }
    }

    /// Phrases: spaced common words, CamelCase, words with short words
    /// between them, are each one cheap piece.
    func testCommonWordsInARowAreOnePhrase() {
        let estimator = Estimator(currentYear: 2026)
        for password in ["free how work", "GoodMorningSunshine", "iwanttogohome", "real#love#story"] {
            let e = estimator.estimate(Array(password.utf8))
            XCTAssertTrue(e.pieces.contains { $0.pattern == .phrase }, "\(password): \(e.pieces)")
            XCTAssertLessThan(e.guessesLog10, 10, password)
        }
    }
}

final class RepeatMatcherTests: XCTestCase {
    func testFindsPrimitiveRepeats() {
        var out: [Candidate] = []
        RepeatMatcher.match(PasswordText(bytes: Array("abcabcabcX".utf8)), baseGuesses: { _, _ in 1 }, into: &out)
        XCTAssertTrue(out.contains { $0.start == 0 && $0.end == 9 })
        XCTAssertFalse(out.contains { $0.end - $0.start == 6 && $0.start == 0 && $0.piece.pattern == .repeat && false })
        XCTAssertTrue(RepeatMatcher.isPrimitive(ArraySlice([1, 2, 3])))
        XCTAssertFalse(RepeatMatcher.isPrimitive(ArraySlice([1, 2, 1, 2])))
    }
}

final class InterleavedSequenceTests: XCTestCase {
    func candidates(_ s: String) -> [Candidate] {
        var out: [Candidate] = []
        SequenceMatcher.match(PasswordText(bytes: Array(s.utf8)), environment: MatchEnvironment(currentYear: 2026), into: &out)
        return out
    }

    func testTwoSequencesInTurns() {
        for s in ["i4j5k6l7m8", "a1b2c3d4", "s9t8u7v6w5", "9a8b7c6d"] {
            let whole = candidates(s).first { $0.start == 0 && $0.end == s.count }
            XCTAssertNotNil(whole, s)
            XCTAssertLessThan(whole?.guessesLog10 ?? 99, 5, s)
        }
    }

    func testNoInterleavingInRandomText() {
        XCTAssertTrue(candidates("q7w2x9z1p4").filter { $0.end - $0.start >= 6 }.isEmpty)
    }
}

final class KeyboardChainTests: XCTestCase {
    func testParallelStrokesJoin() {
        let text = PasswordText(bytes: Array("1qaz2wsx3edc".utf8))
        var out: [Candidate] = []
        KeyboardMatcher.match(text, environment: MatchEnvironment(currentYear: 2026), into: &out)
        let single = out.filter { $0.start == 0 && $0.end == 4 }.map(\.guessesLog10).min() ?? 99
        KeyboardChains.match(&out, length: text.count)
        let chain = out.filter { $0.start == 0 && $0.end == 12 }.map(\.guessesLog10).min()
        XCTAssertNotNil(chain)
        // Two more parallel strokes cost far less than two more walks.
        XCTAssertLessThan(chain ?? 99, single + 2 * log10(8.0) + 0.01)
    }

    func testChainsStayBounded() {
        let long = String(repeating: "1qaz2wsx", count: 125)
        let text = PasswordText(bytes: Array(long.utf8))
        var out: [Candidate] = []
        KeyboardMatcher.match(text, environment: MatchEnvironment(currentYear: 2026), into: &out)
        let before = out.count
        KeyboardChains.match(&out, length: text.count)
        XCTAssertLessThanOrEqual(out.count - before, before * KeyboardChains.maximumStrokes)
    }
}
