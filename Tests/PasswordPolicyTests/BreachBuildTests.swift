import Foundation
import XCTest
@testable import BreachBuild
@testable import PasswordPolicy

/// Every input format, the external sort, the minimum count, malformed
/// inputs, and damaged databases.
final class BreachBuildTests: XCTestCase {
    private func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    // MARK: Input formats

    func testEveryFormOfTheSameDataGivesTheSameFile() throws {
        let scratch = try BreachScratch("forms")
        let entries = BreachData.entries(3000, seed: 11)
        let (reference, referenceReport) = try buildDatabase(
            [try scratch.write("sorted.txt", BreachData.text(entries))], in: scratch, name: "reference.pwgdb")
        XCTAssertTrue(referenceReport.streamed)

        // Unsorted, CRLF, lower case, blank lines, padding rows of count 0.
        var random = SeededGenerator(state: 12)
        var lines = entries.map { "\($0.hex.lowercased()):\($0.count)\r\n" }
        lines.append("0000000000000000000000000000000000000001:0\r\n")
        lines.shuffle(using: &random)
        lines.insert("\r\n", at: 10)
        let (unsorted, unsortedReport) = try buildDatabase(
            [try scratch.write("unsorted.txt", lines.joined())], in: scratch, name: "unsorted.pwgdb")
        XCTAssertFalse(unsortedReport.streamed)
        XCTAssertEqual(try bytes(unsorted), try bytes(reference))

        // A directory of range files, with a stray file that is ignored.
        let rangeDirectory = scratch.directory.appendingPathComponent("ranges")
        try FileManager.default.createDirectory(at: rangeDirectory, withIntermediateDirectories: true)
        for (prefix, group) in Dictionary(grouping: entries, by: { String($0.hex.prefix(5)) }) {
            let text = group.map { "\($0.hex.dropFirst(5)):\($0.count)\r\n" }.joined()
            try Data(text.utf8).write(to: rangeDirectory.appendingPathComponent("\(prefix).txt"))
        }
        try Data("not a range file".utf8).write(to: rangeDirectory.appendingPathComponent("README"))
        let (ranges, rangesReport) = try buildDatabase([rangeDirectory.path], in: scratch, name: "ranges.pwgdb")
        XCTAssertTrue(rangesReport.streamed)
        XCTAssertEqual(try bytes(ranges), try bytes(reference))

        // The same data split over two sorted files: merged while streaming.
        let half = entries.count / 2
        let first = try scratch.write("a.txt", BreachData.text(Array(entries[..<half])))
        let second = try scratch.write("b.txt", BreachData.text(Array(entries[half...])))
        let (split, splitReport) = try buildDatabase([second, first], in: scratch, name: "split.pwgdb")
        XCTAssertTrue(splitReport.streamed)
        XCTAssertEqual(try bytes(split), try bytes(reference))
    }

    func testSpillingExternalSortGivesTheSameFile() throws {
        let scratch = try BreachScratch("spill")
        let entries = BreachData.entries(4000, seed: 13)
        let (reference, _) = try buildDatabase([try scratch.write("sorted.txt", BreachData.text(entries))],
                                               in: scratch, name: "reference.pwgdb")
        var random = SeededGenerator(state: 14)
        // Hashes seen more than once twice, counts split in two: the sort
        // must add them up.
        var lines: [String] = []
        for entry in entries {
            let part = entry.count / 2
            if part > 0 { lines.append("\(entry.hex):\(part)\n") }
            lines.append("\(entry.hex):\(entry.count - part)\n")
        }
        lines.shuffle(using: &random)
        let input = try scratch.write("shuffled.txt", lines.joined())
        // 16-record chunks: hundreds of runs, more than one merge pass takes.
        let (spilled, report) = try buildDatabase([input], in: scratch, name: "spilled.pwgdb") {
            $0.chunkRecords = 16
            $0.temporaryDirectory = scratch.directory.path
        }
        XCTAssertEqual(report.spilledRuns, (lines.count + 15) / 16)
        XCTAssertGreaterThan(report.spilledRuns, 300)
        XCTAssertEqual(report.inputRecords, UInt64(lines.count))
        XCTAssertEqual(report.distinctHashes, 4000)
        XCTAssertEqual(try bytes(spilled), try bytes(reference))
        // The run files were unlinked at once: nothing is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path)
            .filter { $0.hasPrefix(".pwguard-sort") || $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testPasswordListsAreHashedAndCounted() throws {
        let scratch = try BreachScratch("lists")
        let list = try scratch.write("list.txt", "password\r\n123456\npassword\n\npassword\nletmein\n")
        let (path, report) = try buildDatabase([list], in: scratch)
        XCTAssertFalse(report.streamed)
        XCTAssertEqual(report.inputRecords, 5)
        let database = try BreachDatabase.open(path: path)
        XCTAssertEqual(database.info.entryCount, 3)
        XCTAssertEqual(try database.lookup(password: Array("password".utf8))?.count, 2)
        XCTAssertEqual(try database.lookup(password: Array("123456".utf8))?.count, 1)
        XCTAssertNil(try database.lookup(password: Array("".utf8)))
        XCTAssertNil(try database.lookup(password: Array("password\r".utf8)))

        // NTLM lists hash with NTLM.
        let (ntlmPath, _) = try buildDatabase([list], in: scratch, name: "ntlm.pwgdb") { $0.hashKind = .ntlm }
        let ntlm = try BreachDatabase.open(path: ntlmPath)
        XCTAssertEqual(try ntlm.lookup(hexHash: "8846F7EAEE8FB117AD06BDD830B7586C")?.count, 2)
    }

    /// A pipe can be read only once: its first line is looked at without
    /// being consumed, and it goes through the external sort.
    func testPipeInput() throws {
        let scratch = try BreachScratch("pipe")
        let entries = BreachData.entries(500, seed: 16)
        let (reference, _) = try buildDatabase([try scratch.write("sorted.txt", BreachData.text(entries))],
                                               in: scratch, name: "reference.pwgdb")
        for (name, text) in [("hashes", BreachData.text(entries)), ("passwords", "password\npassword\nhunter2\n")] {
            let fifo = scratch.path("\(name).fifo")
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let writer = Thread {
                if let handle = FileHandle(forWritingAtPath: fifo) {
                    handle.write(Data(text.utf8))
                    try? handle.close()
                }
            }
            writer.start()
            let (path, report) = try buildDatabase([fifo], in: scratch, name: "\(name).pwgdb")
            XCTAssertFalse(report.streamed)
            if name == "hashes" {
                XCTAssertEqual(try bytes(path), try bytes(reference))
            } else {
                let database = try BreachDatabase.open(path: path)
                XCTAssertEqual(database.info.entryCount, 2)
                XCTAssertEqual(try database.lookup(password: Array("password".utf8))?.count, 2)
            }
        }
    }

    func testExplicitListAndMixedInputsAddCounts() throws {
        let scratch = try BreachScratch("mixed")
        // "5BAA…" is SHA-1("password"); the forced list holds a line that
        // looks like a hash but is a password.
        let hashes = try scratch.write("hashes.txt", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:7\n")
        let list = try scratch.write("list.txt", "0123456789abcdef0123456789abcdef01234567\npassword\npassword\npassword\n")
        let (path, _) = try buildDatabase([hashes], in: scratch) { $0.passwordLists = [list] }
        let database = try BreachDatabase.open(path: path)
        XCTAssertEqual(try database.lookup(password: Array("password".utf8))?.count, 10)
        XCTAssertNotNil(try database.lookup(password: Array("0123456789abcdef0123456789abcdef01234567".utf8)))
        XCTAssertEqual(database.info.entryCount, 2)
    }

    func testMinimumCount() throws {
        let scratch = try BreachScratch("minimum")
        let entries = BreachData.entries(3000, seed: 15)
        let input = try scratch.write("in.txt", BreachData.text(entries))
        let (path, report) = try buildDatabase([input], in: scratch) { $0.minimumCount = 5 }
        let kept = entries.filter { $0.count >= 5 }
        XCTAssertEqual(report.distinctHashes, 3000)
        XCTAssertEqual(report.info.entryCount, UInt64(kept.count))
        let database = try BreachDatabase.open(path: path)
        XCTAssertEqual(database.info.minimumCount, 5)
        for entry in entries {
            let match = try database.lookup(hash: entry.digest)
            if entry.count >= 5 {
                // Tier 2–9 reports the file's minimum, 5, not 2.
                XCTAssertEqual(match?.count, BreachData.reported(entry.count, minimum: 5))
            } else {
                XCTAssertNil(match)
            }
        }
        // The digest describes the sources, not the filter.
        let (unfiltered, unfilteredReport) = try buildDatabase([input], in: scratch, name: "all.pwgdb")
        XCTAssertEqual(unfilteredReport.info.sourceDigest, report.info.sourceDigest)
        XCTAssertNotEqual(try bytes(unfiltered), try bytes(path))
    }

    func testOutputIsReplacedAtomically() throws {
        let scratch = try BreachScratch("atomic")
        let output = try scratch.write("out.pwgdb", "old contents")
        _ = try BreachBuilder.build(inputs: [try scratch.write("in.txt", BreachData.text(BreachData.entries(100)))],
                                    output: output)
        XCTAssertNoThrow(try BreachDatabase.open(path: output))
        // A failed build leaves the old file and no temporary file.
        let bad = try scratch.write("bad.txt", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:1\nnot a hash line\n")
        XCTAssertThrowsError(try BreachBuilder.build(inputs: [bad], output: output))
        XCTAssertNoThrow(try BreachDatabase.open(path: output))
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path)
        XCTAssertFalse(names.contains { $0.contains(".tmp-") }, "\(names)")
    }

    // MARK: Malformed input

    func testMalformedLinesNameTheFileAndLine() throws {
        let scratch = try BreachScratch("malformed")
        let good = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n"
        let cases: [(String, Int)] = [
            (good + "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD:3\n", 2),      // 39 digits
            (good + "\n" + "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FDX:3\n", 3), // not hex
            (good + "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3x\n", 2),   // bad count
            (good + "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:\n", 2),     // empty count
            (good + "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8;3\n", 2),    // wrong separator
        ]
        for (index, (text, line)) in cases.enumerated() {
            let path = try scratch.write("bad\(index).txt", text)
            let error = assertBreachError(.input) { try buildDatabase([path], in: scratch) }
            XCTAssertEqual(error?.path, path)
            XCTAssertEqual(error?.line, line, text)
            XCTAssertTrue(error?.description.hasPrefix("\(path):\(line): ") ?? false)
        }
    }

    func testWrongHashKindIsExplained() throws {
        let scratch = try BreachScratch("kind")
        let ntlm = try scratch.write("ntlm.txt", "8846F7EAEE8FB117AD06BDD830B7586C:1\n")
        let error = assertBreachError(.input) { try buildDatabase([ntlm], in: scratch) }
        XCTAssertTrue(error?.message.contains("--ntlm") ?? false)
        let sha1 = try scratch.write("sha1.txt", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:1\n")
        assertBreachError(.input) { try buildDatabase([sha1], in: scratch) { $0.hashKind = .ntlm } }
    }

    func testUnreadableInputs() throws {
        let scratch = try BreachScratch("unreadable")
        let missing = scratch.path("missing.txt")
        XCTAssertEqual(assertBreachError(.input) { try buildDatabase([missing], in: scratch) }?.path, missing)
        let emptyDirectory = scratch.directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: emptyDirectory, withIntermediateDirectories: true)
        assertBreachError(.input) { try buildDatabase([emptyDirectory.path], in: scratch) }
        let long = try scratch.write("long.txt", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:1\n" + String(repeating: "7", count: 5000) + "\n")
        XCTAssertEqual(assertBreachError(.input) { try buildDatabase([long], in: scratch) }?.line, 2)
        assertBreachError(.invalidArgument) { try buildDatabase([], in: scratch) }
        let list = try scratch.write("list.txt", "password\n")
        assertBreachError(.output) {
            try BreachBuilder.build(inputs: [list], output: scratch.path("no/such/dir/out.pwgdb"))
        }
        // Only a regular file is replaced: never a directory, a device or a
        // symbolic link (such as /dev/stdout).
        assertBreachError(.output) { try BreachBuilder.build(inputs: [list], output: scratch.directory.path) }
        let link = scratch.path("link.pwgdb")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: list)
        assertBreachError(.output) { try BreachBuilder.build(inputs: [list], output: link) }
        XCTAssertEqual(try String(contentsOfFile: list, encoding: .utf8), "password\n")
        assertBreachError(.output) { try BreachBuilder.build(inputs: [list], output: "/dev/null") }
    }

    // MARK: Damaged databases

    private func damagedCopy(_ original: [UInt8], in scratch: BreachScratch, _ change: (inout [UInt8]) -> Void) throws -> String {
        var copy = original
        change(&copy)
        return try scratch.write("damaged-\(UUID().uuidString).pwgdb", bytes: copy)
    }

    func testNotADatabase() throws {
        let scratch = try BreachScratch("notdb")
        assertBreachError(.missing) { try BreachDatabase.open(path: scratch.path("missing.pwgdb")) }
        assertBreachError(.unreadable) { try BreachDatabase.open(path: scratch.directory.path) }
        let empty = try scratch.write("empty.pwgdb", "")
        assertBreachError(.notADatabase) { try BreachDatabase.open(path: empty) }
        let text = try scratch.write("text.pwgdb", String(repeating: "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n", count: 10))
        let error = assertBreachError(.notADatabase) { try BreachDatabase.open(path: text) }
        XCTAssertEqual(error?.path, text)
        XCTAssertTrue(error?.description.hasPrefix(text + ": ") ?? false)
    }

    func testTruncatedOrExtendedFileIsRefusedAtOpen() throws {
        let scratch = try BreachScratch("truncated")
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(BreachData.entries(2000)))], in: scratch)
        let original = try bytes(path)
        for cut in [1, 100, original.count / 2, original.count - 127, original.count - 128, original.count - 200] {
            let damaged = try damagedCopy(original, in: scratch) { $0.removeLast(cut) }
            let error = assertBreachError(cut > original.count - 128 ? .notADatabase : .corrupt) {
                try BreachDatabase.open(path: damaged)
            }
            XCTAssertEqual(error?.path, damaged)
        }
        let extended = try damagedCopy(original, in: scratch) { $0.append(0) }
        assertBreachError(.corrupt) { try BreachDatabase.open(path: extended) }
    }

    func testEveryHeaderByteIsChecked() throws {
        let scratch = try BreachScratch("header")
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(BreachData.entries(500)))], in: scratch)
        let original = try bytes(path)
        for offset in 0..<BreachFormat.headerSize {
            let damaged = try damagedCopy(original, in: scratch) { $0[offset] ^= 0x01 }
            XCTAssertThrowsError(try BreachDatabase.open(path: damaged), "header byte \(offset)") { error in
                let kind = (error as? BreachError)?.kind
                XCTAssertTrue(kind == .corrupt || kind == .notADatabase, "\(error)")
            }
            try FileManager.default.removeItem(atPath: damaged)
        }
    }

    /// Flips each byte after the header in turn: the damage is found by the
    /// lookups that reach it (in either access mode) and by `verify`, and
    /// nothing crashes or reads outside the file.
    func testEveryDirectoryAndBucketByteIsChecked() throws {
        let scratch = try BreachScratch("body")
        let entries = BreachData.entries(1500, seed: 21)
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(entries))], in: scratch) {
            $0.targetBucketEntries = 64
        }
        let original = try bytes(path)
        let info = try BreachDatabase.open(path: path).info
        let directoryEnd = Int(info.bucketAreaOffset)
        var offsets = Array(BreachFormat.headerSize..<directoryEnd)
        offsets += Array(stride(from: directoryEnd, to: original.count, by: 11)) + [original.count - 1]
        for offset in offsets {
            let damaged = try damagedCopy(original, in: scratch) { $0[offset] ^= 0x20 }
            defer { try? FileManager.default.removeItem(atPath: damaged) }
            let database: BreachDatabase
            do {
                database = try BreachDatabase.open(path: damaged, access: offset % 2 == 0 ? .mapped : .read)
            } catch {
                // The directory's first and last entries are checked at open.
                XCTAssertEqual(error.kind, .corrupt, "offset \(offset)")
                continue
            }
            XCTAssertThrowsError(try database.verify(), "offset \(offset)")
            var detected = false
            for entry in entries {
                do {
                    let match = try database.lookup(hash: entry.digest)
                    XCTAssertEqual(match?.count, BreachData.reported(entry.count), "offset \(offset) gave a wrong answer")
                } catch {
                    XCTAssertEqual(error.kind, .corrupt)
                    XCTAssertEqual(error.path, damaged)
                    detected = true
                }
            }
            XCTAssertTrue(detected, "no lookup noticed the damage at offset \(offset)")
        }
    }
}
