import XCTest
@testable import PasswordPolicy

final class SequenceMatcherTests: XCTestCase {
    private let environment = MatchEnvironment(currentYear: 2025)

    private func sequences(_ password: String) -> [Candidate] {
        sequences(bytes: Array(password.utf8))
    }

    private func sequences(bytes: [UInt8]) -> [Candidate] {
        var candidates: [Candidate] = []
        SequenceMatcher.match(PasswordText(bytes: bytes), environment: environment, into: &candidates)
        return candidates
    }

    private func sequence(_ password: String, _ start: Int, _ end: Int) -> Candidate? {
        sequences(password).first { $0.start == start && $0.end == end }
    }

    private func assertSequence(_ password: String, _ start: Int, _ end: Int, below maximum: Double,
                                file: StaticString = #filePath, line: UInt = #line) {
        guard let c = sequence(password, start, end) else {
            XCTFail("no sequence [\(start), \(end)) in \(password)", file: file, line: line)
            return
        }
        XCTAssertEqual(c.piece.pattern, .sequence, file: file, line: line)
        XCTAssertEqual(c.guessesLog10, c.piece.guessesLog10, file: file, line: line)
        XCTAssertGreaterThan(c.guessesLog10, 0.5, file: file, line: line)
        XCTAssertLessThan(c.guessesLog10, maximum, "\(password)", file: file, line: line)
    }

    func testExamples() {
        assertSequence("abcdef", 0, 6, below: 2)
        assertSequence("9876", 0, 4, below: 2)
        assertSequence("ZYX", 0, 3, below: 2.5)
        assertSequence("acegi", 0, 5, below: 2.5)
        assertSequence("αβγδ", 0, 4, below: 3.5)
        assertSequence("あいうえお", 0, 5, below: 4)          // kana two code points apart
        assertSequence("1234567890", 0, 10, below: 2)        // 9 → 0 as on the number row
        assertSequence("0987654321", 0, 10, below: 2.5)
        assertSequence("pass789word", 4, 7, below: 2)
        assertSequence("97531", 0, 5, below: 2.5)
        assertSequence("2468", 0, 4, below: 1.8)            // the even numbers
    }

    func testCosts() throws {
        let ascending = try XCTUnwrap(sequence("abcd", 0, 4)).guessesLog10
        let descending = try XCTUnwrap(sequence("dcba", 0, 4)).guessesLog10
        XCTAssertEqual(descending - ascending, 0.30103, accuracy: 1e-6)
        // Starting at an obvious place is cheaper than in the middle.
        let obvious = try XCTUnwrap(sequence("abcde", 0, 5)).guessesLog10
        let middle = try XCTUnwrap(sequence("klmno", 0, 5)).guessesLog10
        XCTAssertGreaterThan(middle, obvious + 0.5)
        // Longer runs cost more, but little.
        let longer = try XCTUnwrap(sequence("abcdefgh", 0, 8)).guessesLog10
        XCTAssertGreaterThan(longer, obvious)
        XCTAssertLessThan(longer, obvious + 0.5)
        // Every ASCII run stays below the whole sequence space (a few thousand).
        XCTAssertLessThan(try XCTUnwrap(sequence("WUSQO", 0, 5)).guessesLog10, 3.7)
    }

    func testNonSequences() {
        for password in ["abd", "aZb", "a1b", "!\"#$%", "ab", "aaaa", "azby", "mfydst1ut4", "", "adgjm"] {
            XCTAssertTrue(sequences(password).isEmpty, password)
        }
        // Class boundaries stop a run.
        XCTAssertNil(sequence("xyz{", 0, 4))
        XCTAssertNotNil(sequence("xyz{", 0, 3))
        XCTAssertNil(sequence("89:;", 0, 4))
        XCTAssertNil(sequence("YZ[\\", 0, 4))
        XCTAssertTrue(sequences("XYZabc").allSatisfy { $0.end <= 3 || $0.start >= 3 })
    }

    func testSubRunsForTheDecomposition() {
        // Two runs meeting at `e`: each can give the shared character away.
        XCTAssertNotNil(sequence("abcdedcba", 0, 5))
        XCTAssertNotNil(sequence("abcdedcba", 4, 9))
        XCTAssertNotNil(sequence("abcdedcba", 0, 4))
        XCTAssertNotNil(sequence("abcdedcba", 5, 9))
    }

    func testOddBytesDoNotTrap() {
        _ = sequences(bytes: [0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5])   // invalid bytes are not a run
        XCTAssertTrue(sequences(bytes: [0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5]).isEmpty)
        _ = sequences(bytes: [0x00, 0x01, 0x02, 0x03])
        _ = sequences(bytes: (0...255).map { UInt8($0) })
        // The highest scalars do not overflow the class arithmetic.
        _ = sequences("\u{10FFFD}\u{10FFFE}\u{10FFFF}")
    }

    func testLongInputsStayLinear() {
        var generator = TestRandom(seed: 7)
        let inputs: [(String, [UInt8])] = [
            ("qwerty×170", Array(String(repeating: "qwerty", count: 170).utf8)),
            ("a×1000", Array(repeating: UInt8(ascii: "a"), count: 1000)),
            ("alphabet", Array(String(repeating: "abcdefghijklmnopqrstuvwxyz", count: 40).utf8)),
            ("digits", Array(String(repeating: "0123456789", count: 100).utf8)),
            ("abcba", Array(String(repeating: "abcb", count: 250).utf8)),
            ("greek", Array(String(repeating: "αβγδεζηθ", count: 125).utf8)),
            ("random printable", (0..<1000).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) }),
        ]
        for (name, bytes) in inputs {
            let count = sequences(bytes: bytes).count
            XCTAssertLessThanOrEqual(count, 3 * bytes.count, name)
        }
        // The cyclic digits form one run however long: still three candidates.
        XCTAssertEqual(sequences(bytes: Array(String(repeating: "1234567890", count: 100).utf8)).count, 3)
    }
}

