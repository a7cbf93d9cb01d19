@testable import CredentialAudit
import XCTest

/// The candidate generators on their own: what they produce and in which order.
final class GuessCandidateTests: XCTestCase {
    private func drain(_ stream: inout some CandidateStream, limit: Int = 100_000) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var more = true
        while more, out.count < limit {
            var builder = CandidateBlockBuilder()
            more = stream.fill(&builder)
            let block = builder.finish()
            var previous = -Double.infinity
            for index in 0..<block.count {
                out.append(block.candidate(index))
                XCTAssertGreaterThanOrEqual(block.scores[index], previous, "scores never decrease in a block")
                previous = block.scores[index]
            }
        }
        return out
    }

    private func strings(_ candidates: [[UInt8]]) -> [String] {
        candidates.map { String(decoding: $0, as: UTF8.self) }
    }

    func testContextWordsFollowSingleMode() {
        let target = GuessTarget(id: 0, hash: PasswordHash("*"), login: "asmith99",
                                 gecos: "Alice Smith,Room 4,555-1234,", home: "/home/asmith99")
        let words = strings(ContextCandidates.words(for: target))
        XCTAssertEqual(words.first, "asmith99")
        for expected in ["alice", "smith", "alicesmith", "smithalice", "asmith", "alices", "room", "555", "1234"] {
            XCTAssertTrue(words.contains(expected), "\(expected) in \(words)")
        }
        XCTAssertEqual(Set(words).count, words.count, "each word once")
    }

    func testContextCandidatesStartWithTheObviousAndStayBounded() {
        var stream = ContextCandidates(GuessTarget(id: 0, hash: PasswordHash("*"), login: "alice",
                                                   gecos: "Alice Smith", home: "/home/alice"))
        let all = strings(drain(&stream))
        XCTAssertEqual(Array(all.prefix(2)), ["", "alice"])
        XCTAssertLessThanOrEqual(all.count, ContextCandidates.limit)
        for expected in ["Alice", "alice1", "alice123", "ecila", "alicealice", "Smith1990", "smith!", "Alice2024"] {
            XCTAssertTrue(all.contains(expected), expected)
        }
        // The login's common forms come before a year on the surname.
        let position = { (text: String) in all.firstIndex(of: text) ?? Int.max }
        XCTAssertLessThan(position("alice1"), position("Smith1990"))
    }

    func testLexiconComesInRankOrderWithRulesInterleaved() throws {
        var stream = RuleMergeStream(words: RankedWords.builtInLexicon, rules: ManglingRule.wordRules,
                                     endWithFirstRule: true)
        let first = strings(drain(&stream, limit: 10000))
        XCTAssertEqual(first.first, "123456")
        XCTAssertTrue(first.prefix(30).contains("password"))
        // Common manglings of top words come early; a rare rule only on the top words.
        XCTAssertTrue(first.prefix(300).contains("Password"))
        XCTAssertTrue(first.prefix(300).contains("password1"))
        let passwordYear = try XCTUnwrap(first.firstIndex(of: "password2024"))
        XCTAssertGreaterThan(passwordYear, try XCTUnwrap(first.firstIndex(of: "password1")))
    }

    func testShortListsGetEveryRuleOnEveryWord() {
        var stream = RuleMergeStream(words: RankedWords([Array("vortex".utf8), Array("paper".utf8)]),
                                     rules: ManglingRule.wordRules, endWithFirstRule: true)
        let all = strings(drain(&stream))
        for expected in ["vortex", "paper", "Paper1", "paper2019", "p@p3r", "repap", "PAPER", "paperpaper", "Vortex!"] {
            XCTAssertTrue(all.contains(expected), expected)
        }
        XCTAssertEqual(Set(all).count, all.count, "no rule repeats another's candidate")
    }

    func testModelStartsWithWalksAndSequences() {
        var stream = ModelCandidates(topWords: RankedWords.builtInLexicon.prefix(50))
        let first = strings(drain(&stream, limit: 512))
        XCTAssertTrue(first.contains("qwerty"))
        XCTAssertTrue(first.contains("123456") || first.contains("1234567890"))
        XCTAssertTrue(first.allSatisfy { !$0.isEmpty })
    }

    func testLineReaderKeepsBytesAndSkipsWhatCannotBeACandidate() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("a\r\n\n".utf8) + [0xC3, 0x28, 0x0A]
        bytes += [UInt8](repeating: 0x41, count: CandidateBlockBuilder.maxLength + 1) + [0x0A]
        bytes += [UInt8](repeating: 0x42, count: CandidateBlockBuilder.maxLength) + [0x0A]
        bytes += Array("last".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try LineReader(path: path)
        var lines: [[UInt8]] = []
        while let line = reader.nextLine() { lines.append(line) }
        XCTAssertEqual(lines, [Array("a".utf8), [0xC3, 0x28],
                               [UInt8](repeating: 0x42, count: CandidateBlockBuilder.maxLength), Array("last".utf8)])
        XCTAssertThrowsError(try LineReader(path: FileManager.default.temporaryDirectory.path))
    }
}
