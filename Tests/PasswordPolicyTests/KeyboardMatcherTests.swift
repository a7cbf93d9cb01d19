import XCTest
@testable import PasswordPolicy

final class KeyboardMatcherTests: XCTestCase {
    private let environment = MatchEnvironment(currentYear: 2025)

    private func walks(_ password: String) -> [Candidate] {
        walks(bytes: Array(password.utf8))
    }

    private func walks(bytes: [UInt8]) -> [Candidate] {
        var candidates: [Candidate] = []
        KeyboardMatcher.match(PasswordText(bytes: bytes), environment: environment, into: &candidates)
        return candidates
    }

    /// The cheapest candidate covering exactly start..<end (on `layout`, if given).
    private func walk(_ password: String, _ start: Int, _ end: Int, layout: String? = nil) -> Candidate? {
        walks(password)
            .filter { $0.start == start && $0.end == end && (layout == nil || $0.piece.layout == layout) }
            .min { $0.guessesLog10 < $1.guessesLog10 }
    }

    private func assertWalk(_ password: String, _ start: Int, _ end: Int, layout: String,
                            below maximum: Double = 4, file: StaticString = #filePath, line: UInt = #line) {
        guard let c = walk(password, start, end, layout: layout) else {
            XCTFail("no \(layout) walk [\(start), \(end)) in \(password)", file: file, line: line)
            return
        }
        XCTAssertEqual(c.piece.pattern, .keyboard, file: file, line: line)
        XCTAssertEqual(c.piece.start, start, file: file, line: line)
        XCTAssertEqual(c.piece.end, end, file: file, line: line)
        XCTAssertEqual(c.guessesLog10, c.piece.guessesLog10, file: file, line: line)
        XCTAssertGreaterThan(c.guessesLog10, 1, "\(password) too cheap", file: file, line: line)
        XCTAssertLessThan(c.guessesLog10, maximum, "\(password) too dear", file: file, line: line)
    }

    func testQwertyRows() {
        assertWalk("qwerty", 0, 6, layout: "qwerty", below: 3.5)
        assertWalk("asdfgh", 0, 6, layout: "qwerty", below: 3.5)
        assertWalk("zxcvbn", 0, 6, layout: "qwerty", below: 3.5)
        assertWalk("xqwertyx", 1, 7, layout: "qwerty", below: 3.5)
        // Every suffix is a candidate, so the decomposition can start anywhere.
        for start in 0...3 { XCTAssertNotNil(walk("qwerty", start, 6, layout: "qwerty")) }
        // And the walk less its last keys, for a word that follows.
        XCTAssertNotNil(walk("asdfghjklove", 0, 8, layout: "qwerty"))
    }

    func testColumnsAndShift() {
        assertWalk("1qaz2wsx", 0, 4, layout: "qwerty", below: 3.5)
        assertWalk("1qaz2wsx", 4, 8, layout: "qwerty", below: 3.5)
        assertWalk("!QAZ", 0, 4, layout: "qwerty", below: 3.5)
        assertWalk("#EDC", 0, 4, layout: "qwerty", below: 3.5)
        // Three walks, each well under 10^4 guesses, cover the whole password.
        let password = "1QAZ2wsx#EDC"
        for (start, end) in [(0, 4), (4, 8), (8, 12)] {
            assertWalk(password, start, end, layout: "qwerty", below: 3.5)
        }
        // Walks do not run across the jumps between columns.
        XCTAssertNil(walks(password).first { $0.start < 4 && $0.end > 4 && $0.piece.layout == "qwerty" })
    }

    func testOtherLayouts() {
        assertWalk("qwertz", 0, 6, layout: "qwertz")
        assertWalk("yxcvbn", 0, 6, layout: "qwertz")
        assertWalk("azerty", 0, 6, layout: "azerty")
        assertWalk("aoeu", 0, 4, layout: "dvorak")
        assertWalk("qwertzuiopü", 0, 11, layout: "qwertz")
        // Non-ASCII capitals are the shifted lower case key (Caps Lock on AZERTY).
        assertWalk("ÉZERTY", 0, 6, layout: "azerty", below: 5)
        // `qwerty` on qwertz stops at the displaced y.
        XCTAssertNil(walk("qwerty", 0, 6, layout: "qwertz"))
    }

    func testKeypad() {
        for (start, end) in [(0, 3), (3, 6), (6, 9)] { assertWalk("7894561230", start, end, layout: "keypad", below: 3) }
        for (start, end) in [(0, 3), (3, 6), (6, 9)] { assertWalk("147258369", start, end, layout: "keypad", below: 3) }
        assertWalk("159753", 0, 3, layout: "keypad", below: 3)   // the diagonals
        assertWalk("159753", 3, 6, layout: "keypad", below: 3)
        assertWalk("7896321", 0, 7, layout: "keypad", below: 5)  // a snake with two turns
    }

    func testLayoutPriorFavoursQwerty() throws {
        // `asdf` is the same walk on qwerty, qwertz and azerty; qwerty is tried first.
        let c = try XCTUnwrap(walk("asdfgh", 0, 6))
        XCTAssertEqual(c.piece.layout, "qwerty")
        let dvorak = try XCTUnwrap(walk("aoeuid", 0, 6, layout: "dvorak"))
        XCTAssertGreaterThan(dvorak.guessesLog10, c.guessesLog10)
    }

    func testTurnsCostMore() throws {
        let straight = try XCTUnwrap(walk("qwerty", 0, 6, layout: "qwerty"))
        let turned = try XCTUnwrap(walk("qwedcv", 0, 6, layout: "qwerty"))       // right, down, right
        XCTAssertGreaterThan(turned.guessesLog10, straight.guessesLog10 + 0.5)
        // A zigzag is one pattern: it costs its first turn, not one per key.
        let zigzag = try XCTUnwrap(walk("1q2w3e4r", 0, 8, layout: "qwerty"))
        XCTAssertLessThan(zigzag.guessesLog10, 4.5)
        let longerZigzag = try XCTUnwrap(walk("1q2w3e4r5t6y", 0, 12, layout: "qwerty"))
        XCTAssertLessThan(longerZigzag.guessesLog10 - zigzag.guessesLog10, 0.6)
    }

    func testShiftVariants() throws {
        let plain = try XCTUnwrap(walk("qwerty", 0, 6, layout: "qwerty")).guessesLog10
        let all = try XCTUnwrap(walk("QWERTY", 0, 6, layout: "qwerty")).guessesLog10
        let first = try XCTUnwrap(walk("Qwerty", 0, 6, layout: "qwerty")).guessesLog10
        let mixed = try XCTUnwrap(walk("qWeRtY", 0, 6, layout: "qwerty")).guessesLog10
        let capsLock = try XCTUnwrap(walk("1QAZ", 0, 4, layout: "qwerty")).guessesLog10
        let capsPlain = try XCTUnwrap(walk("1qaz", 0, 4, layout: "qwerty")).guessesLog10
        XCTAssertEqual(all - plain, 0.30103, accuracy: 1e-6)
        XCTAssertEqual(first - plain, 0.30103, accuracy: 1e-6)
        XCTAssertEqual(capsLock - capsPlain, 0.30103, accuracy: 1e-6)
        XCTAssertGreaterThan(mixed, all + 0.5)
    }

    func testNoWalks() {
        for password in ["mfydst1ut4", "^3(<NcWSh", "correct horse", "Tr0ub4dor&3", "aaaa", "qqwwee", ""] {
            let long = walks(password).filter { $0.end - $0.start >= 4 }
            XCTAssertTrue(long.isEmpty, "\(password): \(long.map { ($0.start, $0.end, $0.piece.layout ?? "") })")
        }
        XCTAssertTrue(walks("qw").isEmpty)
        XCTAssertTrue(walks("日本語のパスワード").isEmpty)
    }

    func testOddBytesDoNotTrap() {
        _ = walks(bytes: [0xFF, 0xFE, 0x71, 0x77, 0x65, 0x00, 0xC3, 0x28, 0x61, 0x73, 0x64])
        _ = walks(bytes: [0x71, 0x77, 0x65, 0xE2, 0x82])   // truncated sequence at the end
        _ = walks(bytes: Array(repeating: 0x00, count: 50))
        _ = walks(bytes: (0...255).map { UInt8($0) })
    }

    func testLongInputsStayLinear() {
        var generator = TestRandom(seed: 42)
        let inputs: [(String, [UInt8])] = [
            ("qwerty×170", Array(String(repeating: "qwerty", count: 170).utf8)),
            ("a×1000", Array(repeating: UInt8(ascii: "a"), count: 1000)),
            ("as×500", Array(String(repeating: "as", count: 500).utf8)),
            ("1234567890×100", Array(String(repeating: "1234567890", count: 100).utf8)),
            ("random printable", (0..<1000).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) }),
            ("random bytes", (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }),
        ]
        for (name, bytes) in inputs {
            let count = walks(bytes: bytes).count
            // At most one candidate per start and layout plus two per walk.
            XCTAssertLessThanOrEqual(count, 5 * bytes.count + 10, name)
        }
        let small = Array(String(repeating: "qwerty", count: 200).utf8)
        let large = Array(String(repeating: "qwerty", count: 1600).utf8)
        // Eight times the input: the per-start bound still holds (no
        // wall-clock assertion: the machine may be busy; `make bench`
        // measures time).
        let smallCount = walks(bytes: small).count, largeCount = walks(bytes: large).count
        XCTAssertLessThanOrEqual(largeCount, 5 * large.count + 10, "superlinear: \(smallCount) → \(largeCount)")
    }
}


