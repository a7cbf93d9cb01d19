import XCTest
@testable import PasswordPolicy

final class EstimatorTests: XCTestCase {
    let estimator = Estimator(currentYear: 2026)

    func estimate(_ password: String, context: UserContext = UserContext()) -> Estimate {
        estimator.estimate(Array(password.utf8), context: context)
    }

    /// The issue's examples: what rule-based crackers find quickly.
    func testIssueWeakExamples() {
        for password in ["Gu1f1996#", "Happydog2020", "thatcranesweetheart", "Eleanor08082002",
                         "1QAZ2wsx#EDC", "philliesphillies1", "password", "P@ssw0rd", "qwerty123"] {
            let e = estimate(password)
            XCTAssertLessThan(e.guessesLog10, 10, "\(password) should be weak: \(e.pieces)")
        }
    }

    func testIssueStrongExamples() {
        for password in ["uplandmucosapolymertarsus", "mfydst1ut4", "^3(<NcWSh"] {
            let e = estimate(password)
            XCTAssertGreaterThanOrEqual(e.guessesLog10, 10, "\(password) should be strong: \(e.pieces)")
        }
    }

    /// A weak block repeated is weak at any count, up to the default
    /// 1,024-character limit: the repeat matcher's full estimates go to the
    /// repeats covering the most characters, not to trivial runs (`ss`,
    /// `oo`) met first. (`password` × 32 was once rated 10^12.8.)
    func testRepeatedWeakBlocksAreWeakAtAnyCount() {
        let checker = PasswordChecker(settings: Settings(), estimator: estimator)
        for block in ["password", "goodfootballcoffee", "0123456789", "a", "Abc1!", "qwertyuiop"] {
            // Every count for `password`; a sample of counts for the others
            // (a debug build checks about 60 long passwords a second).
            let most = 1024 / block.count
            let counts = block == "password" ? Array(2...most) : Array(2...9) + Array(stride(from: 10, through: most, by: 29)) + [most]
            for copies in counts {
                let password = String(repeating: block, count: copies)
                let verdict = checker.check(Array(password.utf8), context: UserContext())
                XCTAssertFalse(verdict.accepted, "\(block) × \(copies): \(verdict.estimate?.guessesLog10 ?? -1)")
                if verdict.accepted { return }
            }
        }
    }

    func testPiecesCoverThePasswordInOrder() {
        for password in ["Gu1f1996#", "x", "correcthorsebatterystaple", "abcabcabc!!", "Ünïcödé-ß-密码"] {
            let e = estimate(password)
            let n = password.unicodeScalars.count
            XCTAssertEqual(e.pieces.first?.start, 0)
            XCTAssertEqual(e.pieces.last?.end, n)
            for (a, b) in zip(e.pieces, e.pieces.dropFirst()) { XCTAssertEqual(a.end, b.start) }
        }
    }

    func testEmptyPassword() {
        let e = estimate("")
        XCTAssertEqual(e.guessesLog10, 0)
        XCTAssertEqual(e.score, 0)
        XCTAssertTrue(e.pieces.isEmpty)
    }

    func testScoreCutoffs() {
        func score(_ g: Double) -> Int { Estimate(guessesLog10: g, pieces: [], feedback: Feedback()).score }
        XCTAssertEqual(score(2.99), 0)
        XCTAssertEqual(score(3), 1)
        XCTAssertEqual(score(6), 2)
        XCTAssertEqual(score(8), 3)
        XCTAssertEqual(score(10), 4)
    }

    func testInvalidUTF8AndNULAreData() {
        let bytes: [UInt8] = [0x00, 0xFF, 0xC3, 0x28, 0x61, 0x00, 0xE2, 0x82, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0, 0x80]
        let e = estimator.estimate(bytes)
        let text = PasswordText(bytes: bytes)
        XCTAssertEqual(e.pieces.last?.end, text.count)
        XCTAssertEqual(text.scalars.first, 0)
        XCTAssertEqual(text.scalars[1], 0xF7FF)           // lone 0xFF
        XCTAssertTrue(text.scalars.contains(0x1F600))     // the valid emoji survives
    }

    func testLongInputIsAnalysedInFull() {
        var rng = SystemRandomNumberGenerator()
        let printable = Array(UInt8(0x21)...UInt8(0x7E))
        let bytes = (0..<1000).map { _ in printable.randomElement(using: &rng) ?? 0x41 }
        let e = estimator.estimate(bytes)
        XCTAssertEqual(e.pieces.last?.end, 1000)
        XCTAssertGreaterThan(e.guessesLog10, 500)
        // Pathological shapes stay linear and never trap.
        for s in [String(repeating: "a", count: 1000), String(repeating: "qwerty", count: 170),
                  String(repeating: "1!|", count: 333), String(repeating: "ab", count: 500),
                  String(repeating: "password", count: 125)] {
            let long = estimate(s)
            XCTAssertEqual(long.pieces.last?.end, s.unicodeScalars.count)
        }
    }

    func testUserContextMakesOwnNameWeak() {
        let context = UserContext(login: "hzimmer", fullName: "Hans Florian Zimmer,Room 12")
        XCTAssertLessThan(estimate("HansFlorianZimmer", context: context).guessesLog10, 10)
        XCTAssertLessThan(estimate("remmiz2024!", context: context).guessesLog10, 10)
        XCTAssertLessThan(estimate("H4nsZ1mmer#1", context: context).guessesLog10, 10)
        let e = estimate("hzimmer1985", context: context)
        XCTAssertEqual(e.pieces.first?.pattern, .userContext)
    }

    func testOldPasswordIsContext() {
        let context = UserContext(oldPassword: Array("Tr0ub4dor&3xylophone".utf8))
        XCTAssertLessThan(estimate("Tr0ub4dor&3xylophone!", context: context).guessesLog10, 10)
    }

    func testRepeatedWord() {
        let e = estimate("philliesphillies")
        XCTAssertEqual(e.pieces.first?.pattern, .repeat)
        XCTAssertLessThan(e.guessesLog10, 6)
    }

    func testFeedback() {
        XCTAssertEqual(estimate("password").feedback.warning, "This is a top-10 common password.")
        XCTAssertTrue(estimate("P@ssword").feedback.suggestions.contains { $0.contains("substitutions") })
        XCTAssertEqual(estimate("uplandmucosapolymertarsus").feedback, Feedback())
    }
}

final class ManglingTests: XCTestCase {
    func factor(_ s: String) -> Double {
        Mangling.caseShape(s.unicodeScalars.map(\.value), 0..<s.unicodeScalars.count).log10
    }

    func testCaseFactors() {
        XCTAssertEqual(factor("password"), 0)
        XCTAssertEqual(factor("Password"), log10(2.0), accuracy: 1e-9)
        XCTAssertEqual(factor("PASSWORD"), log10(2.0), accuracy: 1e-9)
        XCTAssertEqual(factor("passworD"), log10(3.0), accuracy: 1e-9)
        XCTAssertGreaterThan(factor("pAsSwOrD"), 2)
        XCTAssertEqual(factor("1234"), 0)
    }

    func testL33tFactors() {
        let word = "password".unicodeScalars.map(\.value)
        // "pa$$word": both s substituted: one rule.
        XCTAssertEqual(Mangling.log10L33tFactor(word: word, substitutedMask: 0b1100), log10(2.0), accuracy: 1e-9)
        // "pa$sword": one of two: a choice of positions too.
        XCTAssertGreaterThan(Mangling.log10L33tFactor(word: word, substitutedMask: 0b0100), log10(2.0))
        XCTAssertEqual(Mangling.log10L33tFactor(word: word, substitutedMask: 0), 0)
    }

    func testBinomials() {
        XCTAssertEqual(GuessMath.log10Binomial(10, 3), log10(120.0), accuracy: 1e-9)
        XCTAssertEqual(GuessMath.log10Binomial(3, 5), 0)
        XCTAssertEqual(GuessMath.log10SumOfBinomials(4, upTo: 2), log10(10.0), accuracy: 1e-9)
    }
}

final class DecompositionTests: XCTestCase {
    func testBruteforceOnly() {
        let text = PasswordText(bytes: Array("aB3$".utf8))
        let (g, pieces) = Decomposition.cheapest(text, candidates: [])
        XCTAssertEqual(pieces.count, 1)
        XCTAssertEqual(pieces[0].pattern, .bruteforce)
        XCTAssertEqual(g, log10(26.0 * 26 * 10 * 33), accuracy: 1e-6)
    }

    func testPicksCheapestCover() {
        let text = PasswordText(bytes: Array("abcdefgh".utf8))
        let cheap = Candidate(Piece(pattern: .dictionary, start: 0, end: 8, guessesLog10: 2))
        let part = Candidate(Piece(pattern: .dictionary, start: 0, end: 4, guessesLog10: 1))
        let (g, pieces) = Decomposition.cheapest(text, candidates: [part, cheap])
        XCTAssertEqual(pieces.count, 1)
        XCTAssertEqual(g, 2, accuracy: 1e-9)
    }

    func testMixesPiecesAndBruteforce() {
        let text = PasswordText(bytes: Array("xxwordxx".utf8))
        let word = Candidate(Piece(pattern: .dictionary, start: 2, end: 6, guessesLog10: 1))
        let (g, pieces) = Decomposition.cheapest(text, candidates: [word])
        XCTAssertEqual(pieces.map(\.pattern), [.bruteforce, .dictionary, .bruteforce])
        XCTAssertEqual(g, 4 * log10(26.0) + 1 + 2 * Decomposition.pieceOverheadLog10, accuracy: 1e-6)
    }

    func testIgnoresMalformedCandidates() {
        let text = PasswordText(bytes: Array("abc".utf8))
        let bad = [Candidate(Piece(pattern: .dictionary, start: 2, end: 9, guessesLog10: 0)),
                   Candidate(Piece(pattern: .dictionary, start: -1, end: 2, guessesLog10: 0)),
                   Candidate(Piece(pattern: .dictionary, start: 2, end: 2, guessesLog10: 0))]
        let (_, pieces) = Decomposition.cheapest(text, candidates: bad)
        XCTAssertEqual(pieces.map(\.pattern), [.bruteforce])
    }
}
