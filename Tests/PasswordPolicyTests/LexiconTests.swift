import CLexiconData
import Foundation
import XCTest
import PasswordPolicy

final class LexiconTests: XCTestCase {
    // MARK: Helpers

    /// The repository root, found from this file's path so the tests read
    /// the committed word lists and lexicon.bin, not copies.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Little-endian u32 at `offset` of `data`.
    static func u32(_ data: [UInt8], _ offset: Int) -> Int {
        Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
    }

    static func setU32(_ data: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for k in 0..<4 { data[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
    }

    /// Runs `body` on a Lexicon over `data`, or on nil if it does not validate.
    static func withLexicon<R>(_ data: [UInt8], _ body: (Lexicon?) throws -> R) rethrows -> R {
        try data.withUnsafeBytes { try body(Lexicon(validating: $0)) }
    }

    static func validates(_ data: [UInt8]) -> Bool {
        let valid = withLexicon(data) { lexicon in
            // Whatever validates must also be safe to use everywhere.
            if let lexicon { exercise(lexicon) }
            return lexicon != nil
        }
        // Whatever validates is also accepted by the trusting reader.
        if valid {
            XCTAssertTrue(withAligned(data) { Lexicon(trusting: $0) != nil }, "validated but not trusted")
        }
        return valid
    }

    /// Runs `body` on the bytes of `data` copied to 8-byte aligned memory
    /// (like the embedded array), starting `shift` bytes past the alignment.
    static func withAligned<R>(_ data: [UInt8], shift: Int = 0, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count + shift, alignment: 8)
        defer { memory.deallocate() }
        let region = UnsafeMutableRawBufferPointer(rebasing: memory[shift...])
        region.copyBytes(from: data)
        return try body(UnsafeRawBufferPointer(region))
    }

    /// Runs `body` on the bytes of `data` copied to 8-byte aligned memory
    /// that ends less than 8 bytes before an inaccessible page (and starts
    /// after one), so a read past the end of the buffer traps instead of
    /// going unnoticed.
    static func withGuarded<R>(_ data: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let span = (data.count + 7) & ~7
        let pages = max((span + page - 1) / page, 1)
        let total = (pages + 2) * page
        guard let memory = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED,
              mprotect(memory, page, PROT_NONE) == 0,
              mprotect(memory + (pages + 1) * page, page, PROT_NONE) == 0
        else { fatalError("mmap failed") }
        defer { munmap(memory, total) }
        let start = memory + (pages + 1) * page - span
        data.withUnsafeBytes { start.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(start), byteCount: data.count) }
        return try body(UnsafeRawBufferPointer(start: start, count: data.count))
    }

    /// True if `Lexicon(trusting:)` accepts `data` (8-byte aligned, before a
    /// guard page: see `withGuarded`); what it
    /// accepts is exercised: it must never trap or read outside the buffer,
    /// even when the parts it does not check are garbage.
    static func trusts(_ data: [UInt8]) -> Bool {
        withGuarded(data) { buffer in
            guard let lexicon = Lexicon(trusting: buffer) else { return false }
            exercise(lexicon)
            return true
        }
    }

    /// Touches every accessor on every entry, plus out-of-range probes: a
    /// lexicon that validated must never trap, even if its data is odd.
    static func exercise(_ lexicon: Lexicon) {
        var sink = 0
        for i in [-1, lexicon.count, Int.min, Int.max] {
            sink &+= lexicon.length(of: i) &+ lexicon.rank(of: i) &+ lexicon.list(of: i) &+ lexicon.word(i).count
        }
        for i in lexicon.all {
            let word = lexicon.word(i)
            sink &+= lexicon.length(of: i) &+ lexicon.rank(of: i) &+ lexicon.list(of: i)
            sink &+= lexicon.lookup(word) ?? 0
            var range = lexicon.all
            for (depth, byte) in word.enumerated() { range = lexicon.narrow(range, depth: depth, byte: byte) }
        }
        _ = lexicon.narrow(-5..<Int.max, depth: 3, byte: 0x61)
        _ = lexicon.narrow(lexicon.count..<lexicon.count &+ 10, depth: 0, byte: 0x61)
        _ = lexicon.narrow(lexicon.all, depth: -1, byte: 0)
        _ = lexicon.narrow(lexicon.all, depth: 1000, byte: 0)
        _ = lexicon.lookup([UInt8](repeating: 0x61, count: 40))
        _ = lexicon.verifyChecksum()
        _ = lexicon.listNames
        XCTAssertNotEqual(sink, -1)
    }

    /// Where each entry of `data` is encoded, found from the header as
    /// docs/lexicon.md describes (not with the reader's code): the blob
    /// offset of its shared-prefix byte, that byte, its suffix's byte range
    /// (absolute), and the decoded word.
    struct Encoded {
        let start: Int, shared: Int, suffix: Range<Int>, word: [UInt8]
    }

    static func encodedEntries(_ data: [UInt8]) -> [Encoded] {
        let n = u32(data, 12), records = u32(data, 36), blob = u32(data, 40)
        var result: [Encoded] = []
        var at = blob
        var previous: [UInt8] = []
        for i in 0..<n {
            let length = u32(data, records + 4 * i) >> 27
            let shared = Int(data[at])
            let suffix = (at + 1)..<(at + 1 + length - shared)
            let word = Array(previous.prefix(shared)) + Array(data[suffix])
            result.append(Encoded(start: at, shared: shared, suffix: suffix, word: word))
            previous = word
            at = suffix.upperBound
        }
        return result
    }

    /// Synthetic lists exercising the dedupe rule, UTF-8, skipping and sorting.
    static let synthetic: [(String, [String])] = [
        ("alpha", ["apple", "app", "banana", "apple", "cherry", "", "café", "a"]),
        ("beta", ["app", "zebra", "banana", "appl", "日本", "applesauce"]),
        ("gamma", ["zebra", "xylophone", "cherry", "abcdefghijklmnopqrstuvwxyz01234", "abcdefghijklmnopqrstuvwxyz012345"]),
    ]

    static func buildSynthetic() -> [UInt8] {
        var builder = LexiconBuilder()
        for (name, words) in synthetic { builder.addList(name: name, words: words.map(bytes)) }
        return builder.build()
    }

    /// A larger synthetic lexicon for corruption tests: enough entries for
    /// several sparse blocks and many first bytes, small enough to mutate at
    /// every position.
    static func buildMedium() -> [UInt8] {
        var builder = LexiconBuilder()
        var words: [[UInt8]] = []
        for a in ["a", "b", "c", "q", "é"] {
            for b in ["", "a", "n", "z"] {
                for c in ["", "t", "xy"] { words.append(bytes(a + b + c)) }
            }
        }
        builder.addList(name: "one", words: words)
        builder.addList(name: "two", words: words.reversed())
        return builder.build()
    }

    /// Big enough that narrow() ranges exceed the linear-scan limit at depth
    /// 1 and 2, so the block binary search is exercised too: every word of up
    /// to 3 letters from "abcdef", plus some longer ones and a few non-ASCII.
    static func buildLarge() -> [UInt8] {
        let letters = ["a", "b", "c", "d", "e", "f"]
        var words: [String] = []
        for x in letters {
            words.append(x)
            for y in letters {
                words.append(x + y)
                for z in letters { words.append(x + y + z) }
            }
        }
        words += ["abcabcabcabc", "abcabcabcabd", "abcabcabcab", "ffffffffffffffffffffffffffffff", "é", "éa", "日本語"]
        var builder = LexiconBuilder()
        builder.addList(name: "large", words: words.map(bytes))
        return builder.build()
    }

    // MARK: Round trip

    func testRoundTripSynthetic() throws {
        let data = Self.buildSynthetic()
        try Self.withLexicon(data) { lexicon in
            let lexicon = try XCTUnwrap(lexicon)
            XCTAssertEqual(lexicon.listNames, ["alpha", "beta", "gamma"])
            XCTAssertTrue(lexicon.verifyChecksum())

            // Expected entries: smallest rank wins, ties go to the lower list
            // id; empty and 32-byte words are skipped.
            let expected: [String: (rank: Int, list: Int)] = [
                "apple": (1, 0), "app": (1, 1), "banana": (3, 0), "cherry": (3, 2), "café": (7, 0), "a": (8, 0),
                "zebra": (1, 2), "appl": (4, 1), "日本": (5, 1), "applesauce": (6, 1), "xylophone": (2, 2),
                "abcdefghijklmnopqrstuvwxyz01234": (4, 2),
            ]
            XCTAssertEqual(lexicon.count, expected.count)
            XCTAssertEqual(lexicon.all, 0..<expected.count)

            // Entries come out in plain bytewise order.
            let sortedWords = expected.keys.map(Self.bytes).sorted { $0.lexicographicallyPrecedes($1) }
            XCTAssertEqual((0..<lexicon.count).map(lexicon.word), sortedWords)
            // "banana" is rank 3 in alpha and in beta: the tie goes to alpha (lower id).
            for (word, value) in expected {
                let entry = try XCTUnwrap(lexicon.lookup(Self.bytes(word)), word)
                XCTAssertEqual(lexicon.word(entry), Self.bytes(word))
                XCTAssertEqual(lexicon.rank(of: entry), value.rank, word)
                XCTAssertEqual(lexicon.list(of: entry), value.list, word)
                XCTAssertEqual(lexicon.length(of: entry), word.utf8.count, word)
                // lookup accepts any Collection<UInt8>.
                XCTAssertEqual(lexicon.lookup(word.utf8), entry)
                XCTAssertEqual(lexicon.lookup(Self.bytes(word)[...]), entry)
            }
            for miss in ["", "ap", "apples", "b", "zebras", "日", "cafe", "abcdefghijklmnopqrstuvwxyz012345", "APPLE"] {
                XCTAssertNil(lexicon.lookup(Self.bytes(miss)), miss)
            }
            XCTAssertNil(lexicon.lookup([UInt8](repeating: 0x61, count: 100)))

            // Out-of-range entries answer 0 / empty.
            for i in [-1, lexicon.count, Int.max, Int.min] {
                XCTAssertEqual(lexicon.length(of: i), 0)
                XCTAssertEqual(lexicon.rank(of: i), 0)
                XCTAssertEqual(lexicon.list(of: i), 0)
                XCTAssertEqual(lexicon.word(i), [])
            }
            Self.exercise(lexicon)
        }
    }

    /// narrow() must return exactly the entries with the extended prefix, at
    /// every depth, for words in the lexicon and for near misses.
    func testNarrowWalksPrefixes() throws {
        for data in [Self.buildSynthetic(), Self.buildMedium(), Self.buildLarge()] {
            try Self.withLexicon(data) { lexicon in
                let lexicon = try XCTUnwrap(lexicon)
                let words = (0..<lexicon.count).map(lexicon.word)
                var probes = words
                for w in words { probes.append(w + [0x73]); probes.append(Array(w.dropLast()) + [0x7A]) }
                probes.append(Self.bytes("appleb"))
                probes.append([0xFF, 0x00])
                for probe in probes {
                    var range = lexicon.all
                    for depth in 0..<probe.count {
                        let prefix = Array(probe[...depth])
                        range = lexicon.narrow(range, depth: depth, byte: probe[depth])
                        let brute = words.indices.filter { words[$0].starts(with: prefix) }
                        if brute.isEmpty {
                            XCTAssertTrue(range.isEmpty, "\(prefix)")
                            break
                        }
                        XCTAssertEqual(range, brute.first!..<(brute.last! + 1), "\(prefix)")
                    }
                }
                // Sub-ranges that start or end mid-block, for every cut.
                let a0 = lexicon.narrow(lexicon.all, depth: 0, byte: 0x61)
                for cut in a0 {
                    for (range, word) in [(cut..<a0.upperBound, lexicon.word(cut)), (a0.lowerBound..<cut + 1, lexicon.word(cut))]
                    where word.count > 1 {
                        let got = lexicon.narrow(range, depth: 1, byte: word[1])
                        let brute = range.filter { words[$0].count > 1 && words[$0][1] == word[1] }
                        XCTAssertEqual(got, brute.first!..<(brute.last! + 1), "cut \(cut)")
                    }
                }
                // depth 0 on a sub-range is clamped to it.
                let a = lexicon.narrow(lexicon.all, depth: 0, byte: 0x61)
                if a.count > 1 {
                    let sub = (a.lowerBound + 1)..<lexicon.count
                    XCTAssertEqual(lexicon.narrow(sub, depth: 0, byte: 0x61), (a.lowerBound + 1)..<a.upperBound)
                }
            }
        }
    }

    /// narrow() on the real lexicon: for many words, every step's range holds
    /// exactly the entries with that prefix (checked at the range's edges,
    /// since the entries are sorted), and the walk ends on the word itself.
    func testNarrowOnBuiltIn() throws {
        let lexicon = Lexicon.builtIn
        XCTAssertGreaterThan(lexicon.count, 0)
        func hasPrefix(_ entry: Int, _ prefix: ArraySlice<UInt8>) -> Bool {
            entry >= 0 && entry < lexicon.count && lexicon.word(entry).starts(with: prefix)
        }
        for entry in stride(from: 0, to: lexicon.count, by: 97) {
            let word = lexicon.word(entry)
            var range = lexicon.all
            for depth in word.indices {
                range = lexicon.narrow(range, depth: depth, byte: word[depth])
                let prefix = word[...depth]
                XCTAssertTrue(range.contains(entry))
                XCTAssertTrue(hasPrefix(range.lowerBound, prefix) && hasPrefix(range.upperBound - 1, prefix))
                XCTAssertFalse(hasPrefix(range.lowerBound - 1, prefix))
                XCTAssertFalse(hasPrefix(range.upperBound, prefix))
            }
            XCTAssertEqual(range.lowerBound, entry)
            XCTAssertEqual(lexicon.lookup(word), entry)
        }
    }

    func testEmptyAndUnusualBuilders() throws {
        // No lists at all: a valid, empty lexicon.
        let empty = LexiconBuilder().build()
        Self.withLexicon(empty) { lexicon in
            XCTAssertEqual(lexicon?.count, 0)
            XCTAssertEqual(lexicon?.lookup(Self.bytes("a")), nil)
            XCTAssertEqual(lexicon.map { $0.narrow($0.all, depth: 0, byte: 0) }, 0..<0)
            XCTAssertEqual(lexicon?.verifyChecksum(), true)
        }
        // More than 16 lists: the extra ones are dropped; a 300-byte name is
        // cut at a character boundary and still decodes.
        var builder = LexiconBuilder()
        let longName = String(repeating: "é", count: 150)
        for k in 0..<20 { builder.addList(name: k == 0 ? longName : "l\(k)", words: [Self.bytes("w\(k)")]) }
        let data = builder.build()
        try Self.withLexicon(data) { lexicon in
            let lexicon = try XCTUnwrap(lexicon)
            XCTAssertEqual(lexicon.listNames.count, 16)
            XCTAssertEqual(lexicon.listNames[0], String(repeating: "é", count: 127))
            XCTAssertEqual(lexicon.count, 16)
            XCTAssertNil(lexicon.lookup(Self.bytes("w16")))
            XCTAssertEqual(lexicon.lookup(Self.bytes("w15")).map(lexicon.list(of:)), 15)
        }
        // Bytes that are not UTF-8 are just bytes.
        var raw = LexiconBuilder()
        raw.addList(name: "raw", words: [[0xFF], [0x00], [0x80, 0x00], [0xFF, 0xFF]])
        try Self.withLexicon(raw.build()) { lexicon in
            let lexicon = try XCTUnwrap(lexicon)
            XCTAssertEqual((0..<lexicon.count).map(lexicon.word), [[0x00], [0x80, 0x00], [0xFF], [0xFF, 0xFF]])
            XCTAssertEqual(lexicon.lookup([0xFF, 0xFF]).map(lexicon.rank(of:)), 4)
        }
    }

    func testUnalignedBuffer() throws {
        let data = Self.buildMedium()
        for shift in 1...3 {
            let shifted = [UInt8](repeating: 0, count: shift) + data
            try shifted.withUnsafeBytes { buffer in
                let lexicon = try XCTUnwrap(Lexicon(validating: UnsafeRawBufferPointer(rebasing: buffer[shift...])))
                XCTAssertTrue(lexicon.verifyChecksum())
                Self.exercise(lexicon)
            }
        }
    }

    /// The trusting reader reads the tables in place as integers, so it
    /// needs the alignment the embedded array has; the validating one does not.
    func testTrustingNeedsAlignment() throws {
        let data = Self.buildMedium()
        for shift in 0..<8 {
            Self.withAligned(data, shift: shift) { buffer in
                XCTAssertNotNil(Lexicon(validating: buffer), "shift \(shift)")
                #if _endian(little)
                XCTAssertEqual(Lexicon(trusting: buffer) != nil, shift == 0, "shift \(shift)")
                #endif
            }
        }
    }

    // MARK: Table sections

    /// Where the table sections of `data` are, computed here from the
    /// header as docs/lexicon.md describes (not with the reader's code).
    struct Sections {
        let rowCount: Int, pairCount: Int, tripleCount: Int, chunks: Int
        let blobEnd: Int
        let pairBits: Int, pairCounts: Int, rows: Int, pairChildren: Int, tripleStarts: Int
        let rowOf: Int, chunkFirst: Int, tripleBytes: Int, end: Int

        init(_ data: [UInt8]) {
            func align8(_ x: Int) -> Int { (x + 7) & ~7 }
            let n = LexiconTests.u32(data, 12)
            rowCount = LexiconTests.u32(data, 52)
            pairCount = LexiconTests.u32(data, 56)
            tripleCount = LexiconTests.u32(data, 60)
            chunks = (n + 63) / 64
            blobEnd = LexiconTests.u32(data, 40) + LexiconTests.u32(data, 20)
            pairBits = align8(blobEnd)
            pairCounts = align8(pairBits + 8 * chunks)
            rows = align8(pairCounts + 4 * chunks)
            pairChildren = align8(rows + 4 * 257 * rowCount)
            tripleStarts = align8(pairChildren + 4 * (pairCount + 1))
            rowOf = align8(tripleStarts + 4 * (tripleCount + 1))
            chunkFirst = align8(rowOf + 512)
            tripleBytes = align8(chunkFirst + chunks + 1)
            end = tripleBytes + tripleCount + 8
        }
    }

    func testTableSectionsFollowTheDocumentedLayout() throws {
        for data in [Self.buildSynthetic(), Self.buildMedium(), Self.buildLarge(), LexiconBuilder().build(),
                     try Self.committedLexiconBin()] {
            let sections = Sections(data)
            XCTAssertEqual(sections.end, data.count)
            // Padding is zero; the table counts are what the tables hold.
            XCTAssertTrue(data[sections.blobEnd..<sections.pairBits].allSatisfy { $0 == 0 })
            XCTAssertEqual(Self.u32(data, sections.pairChildren + 4 * sections.pairCount), sections.tripleCount)
            XCTAssertEqual(Self.u32(data, sections.tripleStarts + 4 * sections.tripleCount), Self.u32(data, 12))
            XCTAssertTrue(data[(sections.end - 8)...].allSatisfy { $0 == 0 })
            var bits = 0
            for w in 0..<sections.chunks {
                XCTAssertEqual(Self.u32(data, sections.pairCounts + 4 * w), bits)
                for k in 0..<8 { bits += data[sections.pairBits + 8 * w + k].nonzeroBitCount }
            }
            XCTAssertEqual(bits, sections.pairCount)
        }
    }

    /// Corrupt table sections: the values the trusting reader checks (row
    /// numbers, 2-group counts, 3-group bounds, sizes, alignment) make both
    /// readers refuse the buffer; garbage in the ones it trusts makes the
    /// validating reader refuse it, and the trusting reader's answers wrong
    /// but never a trap or a read outside the buffer (`trusts` exercises
    /// every accessor on every entry).
    func testCorruptTablesAreRefused() throws {
        #if _endian(little)
        for data in [Self.buildSynthetic(), Self.buildMedium(), Self.buildLarge()] {
            let t = Sections(data)
            XCTAssertTrue(Self.validates(data))
            // Checked values, each made out of range: refused by both.
            func refused(_ offset: Int, _ value: UInt32, width: Int, _ what: String) {
                var bad = data
                for k in 0..<width { bad[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
                XCTAssertFalse(Self.trusts(bad), "trusted: \(what)")
                XCTAssertFalse(Self.validates(bad), what)
            }
            for b in 0..<256 {
                let row = Self.u32(data, t.rowOf + 2 * b) & 0xFFFF
                refused(t.rowOf + 2 * b, UInt32(t.rowCount), width: 2, "rowOf[\(b)] = row count")
                refused(t.rowOf + 2 * b, 0xFFFE, width: 2, "rowOf[\(b)] = 0xFFFE")
                if row != 0xFFFF {
                    // A row that is in range, but wrong: trusted, not valid.
                    var bad = data; bad[t.rowOf + 2 * b] = 0xFF; bad[t.rowOf + 2 * b + 1] = 0xFF
                    XCTAssertTrue(Self.trusts(bad))
                    XCTAssertFalse(Self.validates(bad))
                }
            }
            for w in 0..<t.chunks {
                refused(t.pairCounts + 4 * w, UInt32(Self.u32(data, t.pairCounts + 4 * w) + 1), width: 4, "pairCounts[\(w)]")
                refused(t.pairBits + 8 * w, UInt32(Self.u32(data, t.pairBits + 8 * w) ^ 1), width: 4, "pairBits[\(w)]")
            }
            for g in 0...t.pairCount {
                refused(t.pairChildren + 4 * g, UInt32(t.tripleCount + 1), width: 4, "pairChildren[\(g)]")
                refused(t.pairChildren + 4 * g, 0xFFFF_FFFF, width: 4, "pairChildren[\(g)] max")
            }
            // Truncated anywhere in the tables, or extended.
            for length in t.blobEnd..<data.count {
                XCTAssertFalse(Self.trusts(Array(data[..<length])), "truncated to \(length)")
            }
            XCTAssertFalse(Self.trusts(data + [0]))
            // Unchecked sections filled with out-of-range values: trusted
            // (and exercised), never valid.
            let rowsEnd = t.rows + 4 * 257 * t.rowCount
            let unchecked: [(String, Range<Int>)] = [
                ("rows", t.rows..<rowsEnd),
                ("tripleStarts", t.tripleStarts..<(t.tripleStarts + 4 * (t.tripleCount + 1))),
                ("chunkFirst", t.chunkFirst..<(t.chunkFirst + t.chunks + 1)),
                ("tripleBytes", t.tripleBytes..<t.end),
                ("index", Self.u32(data, 28)..<Self.u32(data, 32)),
                // (All but the last block, which the trusting reader checks.)
                ("sparse", Self.u32(data, 32)..<(Self.u32(data, 36) - 4)),
                ("records", Self.u32(data, 36)..<(Self.u32(data, 40) - 32)),
                // (All but the last block, whose shared-prefix bytes it checks.)
                ("blob", Self.u32(data, 40)..<(Self.u32(data, 40) + Self.u32(data, Self.u32(data, 36) - 4))),
            ]
            for (name, section) in unchecked {
                for fill: UInt8 in [0xFF, 0x00, 0x7F] {
                    var bad = data
                    for k in section { bad[k] = fill }
                    XCTAssertTrue(Self.trusts(bad), "\(name) filled with \(fill)")
                    if bad != data { XCTAssertFalse(Self.validates(bad), "\(name) filled with \(fill)") }
                }
            }
            // A sample of table bytes flipped: whatever either reader accepts
            // is safe (checked inside `validates` and `trusts`).
            for position in stride(from: t.blobEnd, to: data.count, by: max(1, (data.count - t.blobEnd) / 200)) {
                for mask: UInt8 in [0x01, 0xFF] {
                    var bad = data; bad[position] ^= mask
                    _ = Self.validates(bad)
                    _ = Self.trusts(bad)
                }
            }
        }
        // The real lexicon: the checked values, and truncation in the tables.
        let real = try Self.committedLexiconBin()
        let t = Sections(real)
        XCTAssertTrue(Self.withAligned(real) { Lexicon(trusting: $0) != nil })
        func trustedRefuses(_ bad: [UInt8]) -> Bool { Self.withAligned(bad) { Lexicon(trusting: $0) == nil } }
        var bad = real; bad[t.rowOf + 2 * 0x61] = UInt8(t.rowCount); bad[t.rowOf + 2 * 0x61 + 1] = 0
        XCTAssertTrue(trustedRefuses(bad), "rowOf")
        bad = real; Self.setU32(&bad, t.pairCounts + 4 * (t.chunks / 2), 0)
        XCTAssertTrue(trustedRefuses(bad), "pairCounts")
        bad = real; Self.setU32(&bad, t.pairChildren + 4 * (t.pairCount / 2), UInt32(t.tripleCount + 1))
        XCTAssertTrue(trustedRefuses(bad), "pairChildren")
        for length in stride(from: t.blobEnd, to: real.count, by: 997) + [real.count - 1] {
            XCTAssertTrue(trustedRefuses(Array(real[..<length])), "truncated to \(length)")
        }
        #endif
    }

    // MARK: Corruption

    func testCorruptHeadersAreRejected() {
        let good = Self.buildMedium()
        XCTAssertTrue(Self.validates(good))

        for k in 0..<8 {
            var bad = good; bad[k] ^= 0x20
            XCTAssertFalse(Self.validates(bad), "magic byte \(k)")
        }
        for version: UInt32 in [0, 1, 2, 4] {
            var bad = good; Self.setU32(&bad, 8, version)
            XCTAssertFalse(Self.validates(bad), "version \(version)")
            XCTAssertFalse(Self.trusts(bad), "version \(version)")
        }
        // Every u32 header field (count, list count, blob size, five offsets,
        // the three table counts) set to values that are out of bounds,
        // misaligned or inconsistent: both readers refuse them.
        for field in Array(stride(from: 12, through: 40, by: 4)) + [52, 56, 60] {
            let original = UInt32(Self.u32(good, field))
            for value: UInt32 in [0, 1, 2, 3, 63, 64, original &+ 1, original &- 1, original &+ 4, original &- 4,
                                  original &+ 8, original &- 8, UInt32(good.count), UInt32(good.count + 4),
                                  0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFC, 0xFFFF_FFFF] where value != original {
                var bad = good; Self.setU32(&bad, field, value)
                XCTAssertFalse(Self.validates(bad), "field \(field) = \(value)")
                if field == 16 && value < original {
                    // Fewer lists: the names still fit, and only the
                    // records' list ids, which the trusting reader does not
                    // read, would tell (it is only safe, which `trusts` checks).
                    _ = Self.trusts(bad)
                } else {
                    XCTAssertFalse(Self.trusts(bad), "trusted: field \(field) = \(value)")
                }
            }
        }
        // 17 lists can not be addressed by 4 bits.
        var bad = good; Self.setU32(&bad, 16, 17)
        XCTAssertFalse(Self.validates(bad))
        // A list name that is not UTF-8.
        bad = good; bad[65] = 0xFF
        XCTAssertFalse(Self.validates(bad), "name UTF-8")
        // The checksum is not part of validation, but verifyChecksum sees it.
        bad = good; bad[44] ^= 1
        Self.withLexicon(bad) { lexicon in
            XCTAssertNotNil(lexicon)
            XCTAssertEqual(lexicon?.verifyChecksum(), false)
        }
    }

    func testCorruptEntriesAreRejected() {
        let good = Self.buildMedium()
        let n = Self.u32(good, 12)
        let indexStart = Self.u32(good, 28), sparseStart = Self.u32(good, 32)
        let records = Self.u32(good, 36)
        func record(_ data: [UInt8], _ i: Int) -> UInt32 { UInt32(Self.u32(data, records + 4 * i)) }

        for i in 0..<n {
            let r = record(good, i)
            let length = r >> 27
            // Length 0, and any other length (the lengths then no longer add
            // up to the blob size, or the sparse offsets disagree).
            for newLength: UInt32 in [0, 1, 2, 5, 31] where newLength != length {
                var bad = good; Self.setU32(&bad, records + 4 * i, (r & 0x07FF_FFFF) | newLength << 27)
                XCTAssertFalse(Self.validates(bad), "entry \(i) length \(newLength)")
            }
            var bad = good; Self.setU32(&bad, records + 4 * i, r & ~0x7F_FFFF)
            XCTAssertFalse(Self.validates(bad), "entry \(i) rank 0")
            bad = good; Self.setU32(&bad, records + 4 * i, r | 0xF << 23)
            XCTAssertFalse(Self.validates(bad), "entry \(i) list 15 of 2")
        }
        // Unsorted: the first word stored whole, given the last word's first byte.
        let entries = Self.encodedEntries(good)
        var bad = good
        bad[entries[0].suffix.lowerBound] = entries[n - 1].word[0]
        XCTAssertFalse(Self.validates(bad), "unsorted")
        // Prefix order: entries 0 and 1 are "a" and "aa"; swapping their
        // lengths makes them "a\0" then a word that claims to share 0x61
        // bytes, which breaks the encoding (and the shorter-prefix-first rule).
        bad = good
        let r0 = record(good, 0), r1 = record(good, 1)
        Self.setU32(&bad, records, (r0 & 0x07FF_FFFF) | (r1 & 0xF800_0000))
        Self.setU32(&bad, records + 4, (r1 & 0x07FF_FFFF) | (r0 & 0xF800_0000))
        XCTAssertFalse(Self.validates(bad), "prefix order")
        // Pure order violations that leave lengths, offsets, shared-prefix
        // bytes and the first-byte index intact: the first byte after the
        // shared prefix made smaller than the previous word's byte there.
        var lowered = 0
        for i in 1..<n where entries[i].shared > 0 && entries[i].shared < entries[i - 1].word.count {
            var bad = good
            bad[entries[i].suffix.lowerBound] = entries[i - 1].word[entries[i].shared] &- 1
            XCTAssertFalse(Self.validates(bad), "entry \(i) below its predecessor")
            lowered += 1
        }
        XCTAssertGreaterThan(lowered, 5)
        // Adjacent duplicates, at every position of a list of equal-length
        // words (including ones longer than 16 bytes, which the validator's
        // 128-bit keys cannot tell apart on their own), whether the word is
        // stored whole (a block start) or as a suffix.
        for length in [2, 15, 16, 17, 31] {
            let stem = [UInt8](repeating: 0x6D, count: length - 1)
            var builder = LexiconBuilder()
            builder.addList(name: "dup", words: (0x61...0x6A).map { stem + [UInt8($0)] })
            let data = builder.build()
            XCTAssertTrue(Self.validates(data))
            let encoded = Self.encodedEntries(data)
            XCTAssertEqual(encoded.map(\.word), (0x61...0x6A).map { stem + [UInt8($0)] })
            for i in 1..<10 {
                var bad = data
                bad[encoded[i].suffix.upperBound - 1] = UInt8(0x61 + i - 1)
                XCTAssertFalse(Self.validates(bad), "duplicate at \(i), length \(length)")
            }
        }
        // Every first-byte index slot and sparse offset, nudged.
        for b in 0..<257 {
            var bad = good; Self.setU32(&bad, indexStart + 4 * b, UInt32(Self.u32(good, indexStart + 4 * b) + 1))
            XCTAssertFalse(Self.validates(bad), "index \(b)")
        }
        for k in 0..<((n + 7) / 8) {
            var bad = good; Self.setU32(&bad, sparseStart + 4 * k, UInt32(Self.u32(good, sparseStart + 4 * k) + 1))
            XCTAssertFalse(Self.validates(bad), "sparse \(k)")
        }
    }

    func testTruncationAndExtensionAreRejected() throws {
        let good = Self.buildMedium()
        for length in 0..<good.count {
            XCTAssertFalse(Self.validates(Array(good[..<length])), "truncated to \(length)")
        }
        XCTAssertFalse(Self.validates(good + [0]), "trailing byte")
        // The real lexicon, truncated at many lengths (validation only: it is big).
        let real = try Self.committedLexiconBin()
        var lengths = Array(0..<200) + Array(real.count - 200..<real.count)
        lengths += Array(stride(from: 200, to: real.count, by: 7919))
        for length in lengths {
            let ok = real.withUnsafeBytes { Lexicon(validating: UnsafeRawBufferPointer(rebasing: $0[..<length])) != nil }
            XCTAssertFalse(ok, "real lexicon truncated to \(length)")
        }
    }

    /// Front coding: shared-prefix bytes that are out of place (non-zero at
    /// a block start, longer than the previous word or not shorter than the
    /// word itself) are refused by validation; with garbage in any
    /// shared-prefix or suffix byte the trusting reader answers wrong words
    /// at worst, never traps and never reads outside the buffer (`trusts`
    /// exercises every accessor on every entry, the buffer just before a
    /// guard page).
    func testCorruptFrontCodingIsRefusedAndHarmless() throws {
        for data in [Self.buildSynthetic(), Self.buildMedium(), Self.buildLarge()] {
            XCTAssertTrue(Self.validates(data))
            let entries = Self.encodedEntries(data)
            for (i, entry) in entries.enumerated() {
                let previous = i % 8 == 0 ? 0 : entries[i - 1].word.count
                for value in Set([previous + 1, entry.word.count, entry.word.count + 1, 31, 255]) where value <= 255 {
                    var bad = data; bad[entry.start] = UInt8(value)
                    XCTAssertFalse(Self.validates(bad), "entry \(i) shares \(value)")
                    _ = Self.trusts(bad)
                }
                for position in Set([entry.suffix.lowerBound, entry.suffix.upperBound - 1]) {
                    for mask: UInt8 in [0x01, 0xFF] {
                        var bad = data; bad[position] ^= mask
                        _ = Self.validates(bad)
                        _ = Self.trusts(bad)
                    }
                }
            }
            // Every shared-prefix byte but the last block's (which the
            // trusting reader checks) at its maximum, or zero.
            let lastBlock = (entries.count - 1) & ~7
            for fill: UInt8 in [0xFF, 0x00] {
                var bad = data
                for entry in entries[..<lastBlock] { bad[entry.start] = fill }
                XCTAssertTrue(Self.trusts(bad), "shared-prefix bytes \(fill)")
                if bad != data { XCTAssertFalse(Self.validates(bad)) }
            }
        }
        // The real lexicon: every shared-prefix byte before the last block
        // at 255, then every word read (each clamped to its block and the
        // blob) and a walk of narrow() from every first byte.
        let real = try Self.committedLexiconBin()
        let entries = Self.encodedEntries(real)
        var bad = real
        for entry in entries[..<((entries.count - 1) & ~7)] { bad[entry.start] = 0xFF }
        Self.withGuarded(bad) { buffer in
            guard let lexicon = Lexicon(trusting: buffer) else { return XCTFail("trusting reader refused") }
            var sink = 0
            for i in lexicon.all { sink &+= lexicon.word(i).count }
            for first in UInt8(0x20)...UInt8(0x7E) {
                var range = lexicon.narrow(lexicon.all, depth: 0, byte: first)
                for depth in 1..<8 where !range.isEmpty {
                    range = lexicon.narrow(range, depth: depth, byte: 0x61 &+ UInt8(depth))
                }
                sink &+= range.count
            }
            XCTAssertNotEqual(sink, -1)
        }
    }

    /// The encoding of the committed lexicon, decoded here from the format
    /// description: each block's first word whole, every other sharing the
    /// longest prefix it can with its predecessor; the decoded words are the
    /// words `Lexicon.builtIn` returns for every entry, strictly ascending.
    func testCommittedLexiconIsFrontCoded() throws {
        let real = try Self.committedLexiconBin()
        let entries = Self.encodedEntries(real)
        let lexicon = Lexicon.builtIn
        XCTAssertEqual(entries.count, lexicon.count)
        XCTAssertEqual(entries.last?.suffix.upperBound, Self.u32(real, 40) + Self.u32(real, 20))
        for (i, entry) in entries.enumerated() {
            XCTAssertEqual(entry.word, lexicon.word(i))
            guard i % 8 != 0 else {
                XCTAssertEqual(entry.shared, 0)
                XCTAssertEqual(Self.u32(real, Self.u32(real, 32) + 4 * (i / 8)), entry.start - Self.u32(real, 40))
                continue
            }
            let previous = entries[i - 1].word
            XCTAssertTrue(previous.lexicographicallyPrecedes(entry.word), "entry \(i)")
            let common = zip(previous, entry.word).prefix { $0 == $1 }.count
            XCTAssertEqual(entry.shared, common, "entry \(i)")
        }
    }

    /// Flips bits everywhere in a small lexicon and feeds random buffers: the
    /// reader may accept or reject, but must never trap, and whatever it
    /// accepts must be usable.
    func testMutationFuzzNeverTraps() {
        let good = Self.buildMedium()
        // Every byte up to the tables (`testCorruptTablesAreRefused` flips
        // theirs).
        for position in 0..<Sections(good).blobEnd {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var bad = good; bad[position] ^= mask
                _ = Self.validates(bad)
                if mask == 0xFF { _ = Self.trusts(bad) }
            }
        }
        var generator = SystemRandomNumberGenerator()
        for iteration in 0..<2000 {
            var bad = good
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bad[Int.random(in: 0..<bad.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = Self.validates(bad)
            if iteration % 4 == 0 { _ = Self.trusts(bad) }
        }
        for length in [0, 1, 64, 100, 1500] {
            for _ in 0..<50 {
                var junk = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if junk.count >= 8 { junk.replaceSubrange(0..<8, with: Self.bytes("PWGLEX01")) }
                _ = Self.validates(junk)
                _ = Self.trusts(junk)
            }
        }
    }

    // MARK: The built-in lexicon

    /// The lexicon array embedded in this test binary (read in place, not
    /// through the private copy `Lexicon.builtIn` uses).
    static var embedded: UnsafeRawBufferPointer {
        var size = 0
        let start = pwguard_lexicon_embedded(&size)
        return UnsafeRawBufferPointer(start: start, count: size)
    }

    static func committedLexiconBin() throws -> [UInt8] {
        try [UInt8](Data(contentsOf: root.appendingPathComponent("Sources/CLexiconData/lexicon.bin")))
    }

    func testBuiltInLexicon() throws {
        let lexicon = Lexicon.builtIn
        // Read through the private copy (filled from this test binary's
        // file), so every test of the built-in lexicon runs that path.
        XCTAssertTrue(lexicon.isReadThroughCopy)
        XCTAssertGreaterThanOrEqual(lexicon.count, 150_000)
        // Front-coded words and records ~1.4 MB, lookup tables ~0.16 MB (format 3).
        XCTAssertLessThanOrEqual(Self.embedded.count, 1_800_000)
        XCTAssertTrue(lexicon.verifyChecksum())
        XCTAssertEqual(lexicon.listNames, ["passwords", "english_wikipedia", "us_tv_and_film", "female_names",
                                           "male_names", "surnames", "english", "john"])
        func check(_ word: String, _ list: String, _ rank: Int) throws {
            let entry = try XCTUnwrap(lexicon.lookup(word.utf8), word)
            XCTAssertEqual(lexicon.listNames[lexicon.list(of: entry)], list, word)
            XCTAssertEqual(lexicon.rank(of: entry), rank, word)
            XCTAssertEqual(lexicon.word(entry), Array(word.utf8))
        }
        try check("password", "passwords", 2)
        try check("123456", "passwords", 1)
        try check("the", "english_wikipedia", 1)
        try check("you", "us_tv_and_film", 1)
        try check("mary", "female_names", 1)
        try check("james", "male_names", 1)
        try check("smith", "surnames", 1)
        XCTAssertNil(lexicon.lookup("xqzvkjw".utf8))
        XCTAssertNil(lexicon.lookup("Password".utf8))  // the lexicon is lower case
        // The embedded bytes are the committed file.
        let file = try Self.committedLexiconBin()
        XCTAssertEqual(file.count, Self.embedded.count)
        let embedded = [UInt8](Self.embedded)
        XCTAssertTrue(embedded == file, "embedded data differs from Sources/CLexiconData/lexicon.bin: rebuild")
    }

    /// A process forked while another thread was filling a chunk of the
    /// built-in lexicon's copy: nobody would finish that chunk in the child,
    /// so the child finds it empty again (pthread_atfork) and fills it itself.
    func testForkedChildRefillsAChunkLeftBeingFilled() throws {
        XCTAssertTrue(Lexicon.builtIn.isReadThroughCopy)
        let state = try XCTUnwrap(pwguard_lexicon_chunk_states())
        let chunk = pwguard_lexicon_chunks() - 1         // the tables: filled at open
        XCTAssertEqual(state[chunk], 2)
        state[chunk] = 1                                 // "being filled" as the process forks
        let child = fork()
        if child == 0 {
            // (Filling a chunk left "being filled" would wait forever.)
            guard state[chunk] == 0 else { _exit(1) }
            pwguard_lexicon_fill(chunk, chunk)
            _exit(state[chunk] == 2 ? 0 : 1)
        }
        state[chunk] = 2
        XCTAssertGreaterThan(child, 0)
        var status: Int32 = -1
        XCTAssertEqual(waitpid(child, &status, 0), child)
        XCTAssertEqual(status, 0, "the child found the chunk still being filled, or could not fill it")
    }

    /// The built-in lexicon (trusting reader, tables read from the file) and
    /// a full validation of the same bytes (which recomputes the tables from
    /// the entries and accepts only if the file's are byte for byte the
    /// same) answer every query identically.
    func testBuiltInTablesMatchValidation() throws {
        let trusted = Lexicon.builtIn
        let buffer = Self.embedded
        let validated = try XCTUnwrap(Lexicon(validating: buffer), "stored tables differ from the computed ones")
        XCTAssertEqual(trusted.count, validated.count)
        XCTAssertEqual(trusted.listNames, validated.listNames)
        // A sample of words, and every prefix of ~3,000 of them, with near
        // misses at every depth and ranges cut off the group boundaries.
        var walks = 0
        for entry in stride(from: 0, to: trusted.count, by: 53) {
            XCTAssertEqual(trusted.word(entry), validated.word(entry))
            XCTAssertEqual(trusted.rank(of: entry), validated.rank(of: entry))
            XCTAssertEqual(trusted.list(of: entry), validated.list(of: entry))
            XCTAssertEqual(trusted.length(of: entry), validated.length(of: entry))
            let word = trusted.word(entry)
            XCTAssertEqual(trusted.lookup(word), entry)
            XCTAssertEqual(validated.lookup(word), entry)
            guard entry % (53 * 3) == 0 else { continue }
            walks += 1
            var range = trusted.all
            for depth in word.indices {
                for byte in Set([word[depth], word[depth] &+ 1, word[depth] &- 1, 0x30, 0x65, 0x7A, 0xC3]) {
                    XCTAssertEqual(trusted.narrow(range, depth: depth, byte: byte),
                                   validated.narrow(range, depth: depth, byte: byte))
                    if range.count > 1 {
                        let cut = (range.lowerBound + 1)..<range.upperBound
                        XCTAssertEqual(trusted.narrow(cut, depth: depth, byte: byte),
                                       validated.narrow(cut, depth: depth, byte: byte))
                    }
                }
                let next = trusted.narrow(range, depth: depth, byte: word[depth])
                XCTAssertEqual(next, validated.narrow(range, depth: depth, byte: word[depth]))
                range = next
                let prefix = word[...depth]
                XCTAssertEqual(trusted.lookup(prefix), validated.lookup(prefix))
                XCTAssertEqual(trusted.lookup(prefix + [0x73]), validated.lookup(prefix + [0x73]))
            }
        }
        XCTAssertGreaterThan(walks, 1000)
    }

    /// lexicon.bin must be exactly what the builder makes from wordlists/:
    /// catches a stale binary after the lists changed, or vice versa.
    func testCommittedLexiconMatchesWordLists() throws {
        let dir = Self.root.appendingPathComponent("wordlists")
        func lines(_ name: String) throws -> [[UInt8]] {
            let data = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
            var result = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
            if result.last?.isEmpty == true { result.removeLast() }
            return result
        }
        let names = try lines("lists.txt").map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
        XCTAssertEqual(names, Lexicon.builtIn.listNames)
        var builder = LexiconBuilder()
        var union = Set<[UInt8]>()
        for name in names {
            let words = try lines(name + ".txt")
            union.formUnion(words)
            // extract.py's guarantees, checked on the committed text.
            XCTAssertEqual(Set(words).count, words.count, "\(name) has duplicates")
            XCTAssertFalse(words.contains { $0.isEmpty || $0.count > 31 || $0.contains(0x3A) || $0.contains(0x20) }, name)
            builder.addList(name: name, words: words)
        }
        let built = builder.build()
        let committed = try Self.committedLexiconBin()
        XCTAssertEqual(built.count, committed.count)
        XCTAssertTrue(built == committed, "lexicon.bin is stale: run lexicon-compiler wordlists Sources/CLexiconData/lexicon.bin")
        // Decoding every entry gives every word of the lists, in byte order.
        let lexicon = Lexicon.builtIn
        // (Their order is checked by `testCommittedLexiconIsFrontCoded`.)
        let decoded = (0..<lexicon.count).map(lexicon.word)
        XCTAssertEqual(decoded.count, union.count)
        XCTAssertTrue(Set(decoded) == union, "decoded entries differ from the lists")
    }

    // MARK: Measurements (printed; timing is only meaningful with -c release)

    /// Thread CPU time of `body` in nanoseconds: unlike wall time it does not
    /// count the time other processes on a shared machine hold the CPU.
    static func cpuNanoseconds(_ body: () -> Void) -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) * 1e9 + Double(end.tv_nsec - start.tv_nsec)
    }

    /// The benchmarks below run only when asked for: they take seconds and
    /// their numbers mean something only in a release build.
    ///
    ///     PWGUARD_LEXICON_BENCH=1 swift test -c release -Xswiftc -enable-testing \
    ///         --filter LexiconTests.testBenchmark
    ///
    /// Run alone (as above), `testBenchmarkNarrow` also reports the first
    /// use of `Lexicon.builtIn` in a fresh process: page faults included.
    static var benchmarkEnabled: Bool { ProcessInfo.processInfo.environment["PWGUARD_LEXICON_BENCH"] == "1" }

    /// Deterministic xorshift, so every run measures the same passwords.
    struct XorShift {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(truncatingIfNeeded: state >> 1)
        }
    }

    /// `count` passwords made of two lexicon words and a number below 100.
    static func benchmarkPasswords(_ lexicon: Lexicon, count: Int) -> [[UInt8]] {
        var random = XorShift()
        var passwords: [[UInt8]] = []
        for _ in 0..<count {
            let a = lexicon.word(random.next() % lexicon.count), b = lexicon.word(random.next() % lexicon.count)
            passwords.append(a + b + Array(String(random.next() % 100).utf8))
        }
        return passwords
    }

    /// The look-alike letters the dictionary matcher tries for a typed byte
    /// (its l33t table; for these passwords only the digits matter).
    static let l33t: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 256)
        for (symbol, letters) in [("4", "a"), ("@", "a"), ("8", "b"), ("(", "c"), ("{", "c"), ("[", "c"), ("<", "c"),
                                  ("3", "e"), ("6", "g"), ("9", "g"), ("1", "il"), ("!", "i"), ("|", "il"),
                                  ("0", "o"), ("$", "s"), ("5", "s"), ("7", "tl"), ("+", "t"), ("%", "x"), ("2", "z")] {
            table[Int(symbol.utf8.first!)] = Array(letters.utf8)
        }
        return table
    }()

    /// What the dictionary matcher does to one password: from every start,
    /// forwards and reversed, walk `narrow` depth-first until the range is
    /// empty, branching into the look-alike letters of each byte. Counts the
    /// calls and the words found (entry length equal to the depth reached).
    static func matcherWalk(_ lexicon: Lexicon, _ password: [UInt8], calls: inout Int, found: inout Int,
                            stack: inout [(position: Int, range: Range<Int>, depth: Int)]) {
        for text in [password, password.reversed()] {
            for start in text.indices {
                stack.removeAll(keepingCapacity: true)
                stack.append((start, lexicon.all, 0))
                while let frame = stack.popLast() {
                    guard frame.position < text.count, frame.depth < 31 else { continue }
                    let typed = text[frame.position]
                    let alternatives = l33t[Int(typed)]
                    for k in -1..<alternatives.count {
                        let byte = k < 0 ? typed : alternatives[k]
                        let range = lexicon.narrow(frame.range, depth: frame.depth, byte: byte)
                        calls += 1
                        if range.isEmpty { continue }
                        if lexicon.length(of: range.lowerBound) == frame.depth + 1 { found += 1 }
                        stack.append((frame.position + 1, range, frame.depth + 1))
                    }
                }
            }
        }
    }

    func testBenchmarkNarrow() throws {
        try XCTSkipUnless(Self.benchmarkEnabled, "set PWGUARD_LEXICON_BENCH=1 to run")
        #if DEBUG
        print("warning: debug build, the numbers below mean little (use -c release -Xswiftc -enable-testing)")
        #endif
        // First use: validation of the embedded data, page faults included
        // (meaningful only if no other test in this process used it before).
        var firstUseCount = 0
        let firstUse = Self.cpuNanoseconds { firstUseCount = Lexicon.builtIn.count }
        let lexicon = Lexicon.builtIn
        XCTAssertEqual(firstUseCount, lexicon.count)

        // Validation again, on warm memory: minimum over many rounds (the
        // machine may be shared; the minimum is the cost of the work itself).
        let buffer = Self.embedded
        var fastest = Double.infinity, total = 0.0
        let rounds = 200
        for _ in 0..<rounds {
            var accepted = false
            let elapsed = Self.cpuNanoseconds { accepted = Lexicon(validating: buffer) != nil }
            XCTAssertTrue(accepted)
            fastest = min(fastest, elapsed)
            total += elapsed
        }

        let passwords = Self.benchmarkPasswords(lexicon, count: 20_000)
        let passes = 7

        // 1. Plain walk: every start, forwards only, no look-alikes (the
        //    figure docs/lexicon.md quotes).
        var plainCalls = 0, plainFound = 0, plainBest = Double.infinity
        for _ in 0..<passes {
            plainCalls = 0; plainFound = 0
            let elapsed = Self.cpuNanoseconds {
                for password in passwords {
                    for i in password.indices {
                        var range = lexicon.all
                        var depth = 0
                        var j = i
                        while j < password.count {
                            range = lexicon.narrow(range, depth: depth, byte: password[j])
                            plainCalls += 1
                            if range.isEmpty { break }
                            if lexicon.length(of: range.lowerBound) == depth + 1 { plainFound += 1 }
                            depth += 1
                            j += 1
                        }
                    }
                }
            }
            plainBest = min(plainBest, elapsed)
        }

        // 2. The matcher's walk: forwards and reversed, with look-alikes.
        var calls = 0, found = 0, best = Double.infinity
        var stack: [(position: Int, range: Range<Int>, depth: Int)] = []
        stack.reserveCapacity(64)
        for _ in 0..<passes {
            calls = 0; found = 0
            let elapsed = Self.cpuNanoseconds {
                for password in passwords { Self.matcherWalk(lexicon, password, calls: &calls, found: &found, stack: &stack) }
            }
            best = min(best, elapsed)
        }

        // 3. Per depth (the plain walk's calls, replayed depth by depth), to
        //    see where the time goes.
        var byDepth: [[(range: Range<Int>, depth: Int, byte: UInt8)]] = Array(repeating: [], count: 5)
        for password in passwords {
            for i in password.indices {
                var range = lexicon.all
                for (depth, byte) in password[i...].enumerated() {
                    byDepth[min(depth, 4)].append((range, depth, byte))
                    range = lexicon.narrow(range, depth: depth, byte: byte)
                    if range.isEmpty { break }
                }
            }
        }
        var depthReport = ""
        for (depth, probes) in byDepth.enumerated() where !probes.isEmpty {
            var sink = 0, fastestDepth = Double.infinity
            for _ in 0..<passes {
                let elapsed = Self.cpuNanoseconds {
                    for probe in probes { sink &+= lexicon.narrow(probe.range, depth: probe.depth, byte: probe.byte).count }
                }
                fastestDepth = min(fastestDepth, elapsed)
            }
            XCTAssertNotEqual(sink, -1)
            depthReport += "  depth \(depth == 4 ? "4+" : String(depth)): \(probes.count) calls, \(fastestDepth / Double(probes.count)) ns/call\n"
        }

        print("""
            lexicon: \(lexicon.count) entries, \(Self.embedded.count) bytes
            first use of Lexicon.builtIn: \(firstUse / 1e6) ms (CPU time, fresh process if run alone)
            Lexicon(validating:) warm: min \(fastest / 1e6) ms, mean \(total / Double(rounds) / 1e6) ms (CPU time)
            plain walk: \(plainCalls) calls, \(plainBest / Double(plainCalls)) ns/call (\(plainFound) words found)
            matcher walk (both directions, l33t): \(calls) calls, \(best / Double(calls)) ns/call, \(best / Double(passwords.count) / 1e3) µs/password (\(found) words found)
            """)
        print(depthReport, terminator: "")
    }
}
