import Foundation
import XCTest
@testable import PasswordPolicy

/// Building and reading breach databases: round trips on generated data,
/// known vectors, the lookup and range APIs, and the pieces of the format.
final class BreachDatabaseTests: XCTestCase {
    // MARK: Known vectors

    func testHashesOfPassword() {
        let password = Array("password".utf8)
        XCTAssertEqual(BreachHash.hex(BreachHash.digest(of: password, kind: .sha1)),
                       "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8")
        XCTAssertEqual(BreachHash.hex(BreachHash.digest(of: password, kind: .ntlm)),
                       "8846F7EAEE8FB117AD06BDD830B7586C")
    }

    func testNTLMEncodesAsUTF16LittleEndian() {
        // "é" is U+00E9, "😀" U+1F600 (a surrogate pair); an invalid byte is U+FFFD.
        XCTAssertEqual(BreachHash.utf16LittleEndian(Array("aé😀".utf8)),
                       [0x61, 0x00, 0xE9, 0x00, 0x3D, 0xD8, 0x00, 0xDE])
        XCTAssertEqual(BreachHash.utf16LittleEndian([0x41, 0xFF]), [0x41, 0x00, 0xFD, 0xFF])
    }

    func testKnownVectorsThroughDatabases() throws {
        let scratch = try BreachScratch("vectors")
        let sha1 = try scratch.write("sha1.txt", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n")
        let ntlm = try scratch.write("ntlm.txt", "8846F7EAEE8FB117AD06BDD830B7586C:12\n")
        let (sha1Path, _) = try buildDatabase([sha1], in: scratch, name: "sha1.pwgdb")
        let (ntlmPath, _) = try buildDatabase([ntlm], in: scratch, name: "ntlm.pwgdb") { $0.hashKind = .ntlm }

        let sha1Database = try BreachDatabase.open(path: sha1Path)
        XCTAssertEqual(sha1Database.info.hashKind, .sha1)
        XCTAssertEqual(try sha1Database.lookup(password: Array("password".utf8)),
                       BreachMatch(tier: 1, count: 2, maximumCount: 9))
        XCTAssertNil(try sha1Database.lookup(password: Array("Password".utf8)))
        XCTAssertEqual(try sha1Database.lookup(hexHash: "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8")?.count, 2)

        let ntlmDatabase = try BreachDatabase.open(path: ntlmPath)
        XCTAssertEqual(ntlmDatabase.info.hashKind, .ntlm)
        XCTAssertEqual(try ntlmDatabase.lookup(password: Array("password".utf8))?.count, 10)
        XCTAssertNil(try ntlmDatabase.lookup(password: Array("password1".utf8)))
    }

    // MARK: Round trips

    func testRoundTripOnGeneratedData() throws {
        let scratch = try BreachScratch("roundtrip")
        let entries = BreachData.entries(6000)
        let input = try scratch.write("pwned.txt", BreachData.text(entries))
        let (path, report) = try buildDatabase([input], in: scratch)
        XCTAssertTrue(report.streamed)
        XCTAssertEqual(report.inputRecords, 6000)
        XCTAssertEqual(report.distinctHashes, 6000)

        let database = try BreachDatabase.open(path: path)
        let info = database.info
        XCTAssertEqual(info.entryCount, 6000)
        XCTAssertEqual(info.minimumCount, 1)
        XCTAssertEqual(info.maximumCount, entries.map { min($0.count, UInt64(UInt32.max)) }.max())
        XCTAssertEqual(info.falsePositiveBits, 32)
        XCTAssertEqual(info.fileSize, UInt64(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0))
        XCTAssertEqual(Set(info.tierOrder), Set(0..<BreachTiers.count))
        for entry in entries {
            let match = try database.lookup(hash: entry.digest)
            XCTAssertEqual(match?.count, BreachData.reported(entry.count), entry.hex)
            XCTAssertEqual(match?.tier, BreachTiers.tier(of: min(entry.count, UInt64(UInt32.max))))
        }
        for digest in BreachData.nonMembers(20_000, of: entries) {
            XCTAssertNil(try database.lookup(hash: digest))
        }
        XCTAssertNoThrow(try database.verify())
    }

    func testAccessModesAgree() throws {
        let scratch = try BreachScratch("access")
        let entries = BreachData.entries(3000, seed: 7)
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(entries))], in: scratch)
        let queries = entries.map(\.digest) + BreachData.nonMembers(3000, of: entries)
        let databases = try [BreachDatabase.Access.automatic, .mapped, .read].map {
            try BreachDatabase.open(path: path, access: $0)
        }
        // More lookups than `.automatic` makes before it maps the file.
        XCTAssertGreaterThan(queries.count, BreachDatabase.mapAfterLookups * 10)
        for query in queries {
            let answers = try databases.map { try $0.lookup(hash: query) }
            XCTAssertEqual(answers[0], answers[1])
            XCTAssertEqual(answers[1], answers[2])
        }
        for database in databases { XCTAssertNoThrow(try database.verify()) }
    }

    func testLookupsFromSeveralThreads() throws {
        let scratch = try BreachScratch("threads")
        let entries = BreachData.entries(2000, seed: 8)
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(entries))], in: scratch)
        let database = try BreachDatabase.open(path: path)
        let digests = entries.map(\.digest)
        let failures = UnsafeSendableCounter()
        // The automatic switch to a mapping happens while several threads look up.
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for (index, digest) in digests.enumerated() where index % 8 == worker || index < 100 {
                if (try? database.lookup(hash: digest)) == nil { failures.increment() }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }

    func testEmptyDatabase() throws {
        let scratch = try BreachScratch("empty")
        let (path, report) = try buildDatabase([try scratch.write("empty.txt", "")], in: scratch)
        XCTAssertEqual(report.info.entryCount, 0)
        let database = try BreachDatabase.open(path: path)
        XCTAssertEqual(database.info.bucketCount, 1)
        XCTAssertNil(try database.lookup(password: Array("password".utf8)))
        XCTAssertNoThrow(try database.verify())
        XCTAssertEqual(try database.range(hexPrefix: ""), [])
    }

    func testWrongHashLengthIsAnArgumentError() throws {
        let scratch = try BreachScratch("length")
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(BreachData.entries(10)))], in: scratch)
        let database = try BreachDatabase.open(path: path)
        assertBreachError(.invalidArgument) { try database.lookup(hash: [UInt8](repeating: 0, count: 16)) }
        assertBreachError(.invalidArgument) { try database.lookup(hexHash: "xyz") }
        assertBreachError(.invalidArgument) { try database.range(prefix: 0, bits: 65) }
        assertBreachError(.invalidArgument) { try database.range(hexPrefix: "12G") }
    }

    // MARK: Ranges

    func testRangeReturnsEveryEntryWithThePrefix() throws {
        let scratch = try BreachScratch("range")
        let entries = BreachData.entries(5000, seed: 3)
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(entries))], in: scratch)
        let database = try BreachDatabase.open(path: path)
        for probe in entries.prefix(50) {
            let prefix = String(probe.hex.prefix(3))
            let expected = entries.filter { $0.hex.hasPrefix(prefix) }
            let range = try database.range(hexPrefix: prefix)
            // Entries at the range's edges may stand for hashes on both sides.
            XCTAssertGreaterThanOrEqual(range.count, expected.count)
            XCTAssertLessThanOrEqual(range.count, expected.count + 2)
            XCTAssertEqual(range.map(\.hashPrefix), range.map(\.hashPrefix).sorted())
            let probePrefix = probe.digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            // The entry standing for the probe starts at or below it, less
            // than a key's width (2^-32 of the bucket) before.
            XCTAssertTrue(range.contains { $0.hashPrefix <= probePrefix && probePrefix - $0.hashPrefix < 1 << 40
                                           && $0.match.count == BreachData.reported(probe.count) })
        }
        XCTAssertEqual(try database.range(prefix: 0, bits: 0).count, 5000)
    }

    // MARK: Format pieces

    func testTiers() {
        XCTAssertEqual([0, 1, 2, 9, 10, 99, 100, 999_999_999, 1_000_000_000, .max].map(BreachTiers.tier(of:)),
                       [0, 0, 1, 1, 2, 2, 3, 9, 10, 10])
        XCTAssertEqual((0..<BreachTiers.count).map(BreachTiers.lowerBound),
                       [1, 2, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000])
        XCTAssertEqual(BreachTiers.upperBound(0), 1)
        XCTAssertEqual(BreachTiers.upperBound(1), 9)
        XCTAssertEqual(BreachTiers.upperBound(10), .max)
    }

    func testChecksumSeesEveryByteAndTheLength() {
        var random = SeededGenerator(state: 5)
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        func checksum(_ data: [UInt8], seed: UInt64 = 0) -> UInt64 {
            data.withUnsafeBytes { BreachChecksum.hash($0.baseAddress, count: $0.count, seed: seed) }
        }
        let reference = checksum(bytes)
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x10
            XCTAssertNotEqual(checksum(changed), reference, "byte \(index)")
        }
        XCTAssertNotEqual(checksum(bytes + [0]), reference)
        XCTAssertNotEqual(checksum(bytes, seed: 1), reference)
        XCTAssertEqual(checksum([]), checksum([]))
    }

    func testUniverseBoundsTheFalsePositiveRate() {
        // n/U + n/2^64 ≤ 2^-32 for every bucket size the format allows.
        for n in [1, 2, 100, 256, 1000, 65_535] {
            let universe = Double(BreachFormat.universe(entries: n, falsePositiveBits: 32))
            let bound = Double(n) / universe + Double(n) / 18_446_744_073_709_551_616.0
            XCTAssertLessThanOrEqual(bound, 1.0 / 4_294_967_296.0, "n = \(n)")
        }
    }

    func testFalsePositiveRateWithFewBits() throws {
        // With 2^-12 the rate is measurable: 20,000 non-members give ~5.
        let scratch = try BreachScratch("fp")
        let entries = BreachData.entries(4000, seed: 4)
        let (path, _) = try buildDatabase([try scratch.write("in.txt", BreachData.text(entries))], in: scratch) {
            $0.falsePositiveBits = 12
        }
        let database = try BreachDatabase.open(path: path)
        XCTAssertEqual(database.info.falsePositiveBits, 12)
        for entry in entries { XCTAssertNotNil(try database.lookup(hash: entry.digest)) }
        var positives = 0
        let queries = BreachData.nonMembers(80_000, of: entries)
        for digest in queries where try database.lookup(hash: digest) != nil { positives += 1 }
        // Expected 80,000 / 4096 ≈ 19.5; the bound must hold with room for chance.
        XCTAssertLessThan(positives, 40)
        XCTAssertGreaterThan(positives, 5)
    }

    func testSizeIsAbout36BitsPerEntry() throws {
        let scratch = try BreachScratch("size")
        let entries = BreachData.entries(30_000, seed: 6)
        let (_, report) = try buildDatabase([try scratch.write("in.txt", BreachData.text(entries))], in: scratch)
        // Small files pay for the header and a directory tuned for millions.
        XCTAssertLessThan(report.info.bitsPerEntry, 37)
        XCTAssertGreaterThan(report.info.bitsPerEntry, 33.4)
    }
}

/// A counter that concurrent test code may increment.
final class UnsafeSendableCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
