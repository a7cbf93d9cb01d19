import XCTest
@testable import PasswordPolicy

final class DateMatcherTests: XCTestCase {
    private func matches(_ password: String, currentYear: Int = 2025) -> [Candidate] {
        matches(bytes: Array(password.utf8), currentYear: currentYear)
    }

    private func matches(bytes: [UInt8], currentYear: Int = 2025) -> [Candidate] {
        var candidates: [Candidate] = []
        DateMatcher.match(PasswordText(bytes: bytes), environment: MatchEnvironment(currentYear: currentYear),
                          into: &candidates)
        return candidates
    }

    private func find(_ password: String, _ pattern: Pattern, _ start: Int, _ end: Int,
                      currentYear: Int = 2025) -> Candidate? {
        matches(password, currentYear: currentYear)
            .first { $0.piece.pattern == pattern && $0.start == start && $0.end == end }
    }

    private func assertDate(_ password: String, _ start: Int, _ end: Int, below maximum: Double = 5,
                            file: StaticString = #filePath, line: UInt = #line) {
        guard let c = find(password, .date, start, end) else {
            XCTFail("no date [\(start), \(end)) in \(password)", file: file, line: line)
            return
        }
        XCTAssertEqual(c.guessesLog10, c.piece.guessesLog10, file: file, line: line)
        // At least 20 years × 365 days.
        XCTAssertGreaterThanOrEqual(c.guessesLog10, 3.86, file: file, line: line)
        XCTAssertLessThan(c.guessesLog10, maximum, "\(password)", file: file, line: line)
    }

    func testYears() throws {
        let y = try XCTUnwrap(find("john1987", .year, 4, 8))
        XCTAssertEqual(y.guessesLog10, 1.5798, accuracy: 1e-3)              // 38 years ago
        XCTAssertEqual(try XCTUnwrap(find("2024", .year, 0, 4)).guessesLog10, 1.30103, accuracy: 1e-6)  // floor of 20
        XCTAssertNotNil(find("1890", .year, 0, 4))
        XCTAssertNil(find("1066", .year, 0, 4))
        XCTAssertNil(find("3000", .year, 0, 4))
        // Two-digit years, as a whole run.
        XCTAssertEqual(try XCTUnwrap(find("abc99", .year, 3, 5)).guessesLog10, 1.41497, accuracy: 1e-4)  // 1999
        XCTAssertNotNil(find("abc07", .year, 3, 5))
        XCTAssertNil(find("abc123", .year, 3, 5))
        XCTAssertNil(find("abc123", .year, 4, 6))
    }

    func testYearRangeFollowsTheClock() throws {
        XCTAssertNil(find("2095", .year, 0, 4, currentYear: 2025))
        let future = try XCTUnwrap(find("2095", .year, 0, 4, currentYear: 2100))
        XCTAssertEqual(future.guessesLog10, 1.30103, accuracy: 1e-6)
        XCTAssertNotNil(find("01012095", .date, 0, 8, currentYear: 2100))
        XCTAssertNil(find("01012095", .date, 0, 8, currentYear: 2025))
        // The same year is cheap now and dear a century later.
        let now = try XCTUnwrap(find("1990", .year, 0, 4, currentYear: 2000)).guessesLog10
        let later = try XCTUnwrap(find("1990", .year, 0, 4, currentYear: 2090)).guessesLog10
        XCTAssertGreaterThan(later, now + 0.5)
        // Two-digit years resolve around the clock: 45 is 2045 in 2025, 2145 in 2125.
        XCTAssertEqual(try XCTUnwrap(find("x45", .year, 1, 3)).guessesLog10, 1.30103, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(find("x46", .year, 1, 3)).guessesLog10, 1.89763, accuracy: 1e-4)  // 1946
    }

    func testBrokenClocksDoNotTrap() {
        for year in [Int.min, -1, 0, 1, Int.max] {
            _ = matches("19960412 12/25/1999 99 2095", currentYear: year)
        }
    }

    func testUndelimitedDates() {
        assertDate("08082002", 0, 8)
        assertDate("19960412", 0, 8)
        assertDate("1204", 0, 4)          // 1/2/04
        assertDate("010190", 0, 6)
        assertDate("311299", 0, 6)
        assertDate("25121990", 0, 8)
        assertDate("12251990", 0, 8)      // m-d-y
        assertDate("19901225", 0, 8)
        assertDate("born19960412!", 4, 12)
    }

    func testSeparatedDates() {
        assertDate("8.8.2002", 0, 8)
        assertDate("2002-08-08", 0, 10)
        assertDate("12/25/1999", 0, 10)
        assertDate("25 12 1999", 0, 10)
        assertDate("1_1_90", 0, 6)
        assertDate("99-12-31", 0, 8)
        assertDate("x01/02/03x", 1, 9)
        // Separators must agree.
        XCTAssertNil(find("12/25-1999", .date, 0, 10))
        XCTAssertNil(find("12//25/1999", .date, 0, 11))
    }

    func testInvalidDates() {
        XCTAssertNil(find("31022000", .date, 0, 8))   // 31 February
        XCTAssertNil(find("31042000", .date, 0, 8))   // 31 April
        XCTAssertNil(find("29021900", .date, 0, 8))   // 1900 was no leap year
        XCTAssertNil(find("29.02.2001", .date, 0, 10))
        XCTAssertNil(find("00002000", .date, 0, 8))
        XCTAssertNil(find("13/13/2000", .date, 0, 10))
        assertDate("29022000", 0, 8)                   // 2000 was
        assertDate("29.02.2024", 0, 10)
    }

    func testCosts() throws {
        let plain = try XCTUnwrap(find("08082002", .date, 0, 8)).guessesLog10
        let separated = try XCTUnwrap(find("08.08.2002", .date, 0, 10)).guessesLog10
        XCTAssertEqual(separated - plain, 0.60206, accuracy: 1e-6)   // × 4
        XCTAssertEqual(plain, 3.92402, accuracy: 1e-4)               // 23 years × 365
        // Recent dates are cheaper than old ones.
        let old = try XCTUnwrap(find("08081952", .date, 0, 8)).guessesLog10
        XCTAssertGreaterThan(old, plain + 0.4)
        // Undelimited dates dearer than the digits themselves are not offered.
        for c in matches("8765432109") where c.piece.pattern == .date {
            XCTAssertLessThan(c.guessesLog10, Double(c.end - c.start))
        }
    }

    func testNothingWithoutDigits() {
        XCTAssertTrue(matches("password").isEmpty)
        XCTAssertTrue(matches("").isEmpty)
        XCTAssertTrue(matches("7").isEmpty)
        XCTAssertTrue(matches("../../--").isEmpty)
    }

    func testLongInputsStayLinear() {
        var generator = TestRandom(seed: 99)
        let inputs: [(String, [UInt8])] = [
            ("qwerty×170", Array(String(repeating: "qwerty", count: 170).utf8)),
            ("a×1000", Array(repeating: UInt8(ascii: "a"), count: 1000)),
            ("random digits", (0..<1000).map { _ in UInt8.random(in: 0x30...0x39, using: &generator) }),
            ("dates", Array(String(repeating: "01.01.2000", count: 100).utf8)),
            ("mixed", Array(String(repeating: "12/3/45-6", count: 111).utf8)),
            ("random printable", (0..<1000).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) }),
        ]
        for (name, bytes) in inputs {
            let count = matches(bytes: bytes).count
            // Per start: two years, five undelimited lengths, three separated ones.
            XCTAssertLessThanOrEqual(count, 10 * bytes.count, name)
        }
        let small = (0..<1000).map { _ in UInt8.random(in: 0x30...0x39, using: &generator) }
        let large = (0..<8000).map { _ in UInt8.random(in: 0x30...0x39, using: &generator) }
        // Eight times the input: the per-start bound still holds (no
        // wall-clock assertion: the machine may be busy; `make bench`
        // measures time).
        let smallCount = matches(bytes: small).count, largeCount = matches(bytes: large).count
        XCTAssertLessThanOrEqual(largeCount, 10 * large.count, "superlinear: \(smallCount) → \(largeCount)")
    }
}


