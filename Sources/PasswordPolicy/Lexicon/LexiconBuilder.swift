/// Compiles ranked word lists into the binary lexicon format that `Lexicon`
/// reads (docs/lexicon.md).
///
/// It lives in the library rather than only in the compiler tool so that
/// tests can round-trip synthetic lists and check the committed lexicon.bin
/// byte for byte against the word lists.
///
/// Words are opaque byte strings (normally lower-case UTF-8; nothing here
/// checks that). The output is deterministic: it depends only on the lists
/// and their order.
public struct LexiconBuilder {
    /// List names in id order (already truncated to what the format holds).
    private var names: [[UInt8]] = []
    /// Word → best (rank, list id) seen so far.
    private var best: [[UInt8]: (rank: Int, list: Int)] = [:]

    /// An empty builder.
    public init() {}

    /// Adds the next list (its id is the number of lists added before it).
    /// A word's rank is its position in `words` plus one.
    ///
    /// What the format cannot store is skipped rather than trapped on: empty
    /// words, words over 31 bytes, positions past rank 8,388,607, lists after
    /// the 16th, and name bytes past 255 (cut at a UTF-8 character boundary).
    /// A word in several lists, or repeated in one, keeps a single entry with
    /// its smallest rank; on a tie the lower list id wins.
    public mutating func addList(name: String, words: [[UInt8]]) {
        guard names.count < Lexicon.maxLists else { return }
        let list = names.count
        names.append(LexiconBuilder.truncatedName(name))
        for (position, word) in words.prefix(Lexicon.maxRank).enumerated() {
            guard !word.isEmpty, word.count <= Lexicon.maxWordLength else { continue }
            let rank = position + 1
            // Lists arrive in id order, so on equal rank the existing
            // (lower-id) entry is kept: only a strictly smaller rank replaces it.
            if let existing = best[word], existing.rank <= rank { continue }
            best[word] = (rank, list)
        }
    }

    /// The compiled lexicon. Returns `[]` in the one case the format cannot
    /// express: a result whose offsets would not fit in 32 bits (over 4 GiB).
    /// (The core sections always validate, so the tables can be computed.)
    public func build() -> [UInt8] {
        let entries = best.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let n = entries.count
        // Front coding (docs/lexicon.md): in each block of 8 entries the first
        // word is stored whole, each other as the number of leading bytes it
        // shares with the previous word, then the rest; every entry starts
        // with that shared-prefix byte (0 for a block's first).
        var shared = [Int](repeating: 0, count: n)
        var blobSize = 0
        for (i, entry) in entries.enumerated() {
            if i % Lexicon.sparseStride != 0 {
                let previous = entries[i - 1].key
                var common = 0
                while common < previous.count, common < entry.key.count, previous[common] == entry.key[common] {
                    common += 1
                }
                shared[i] = common
            }
            blobSize += 1 + entry.key.count - shared[i]
        }

        // Layout: header, names, index, sparse offsets, records, blob, every
        // section starting 4-byte aligned; then the lookup tables, computed
        // from those sections (see `Lexicon.tableSections`).
        func align4(_ x: Int) -> Int { (x + 3) & ~3 }
        let listTable = Lexicon.headerSize
        var namesSize = 0
        for name in names { namesSize += 1 + name.count }
        let index = align4(listTable + namesSize)
        let sparse = index + 4 * Lexicon.indexEntries
        let sparseCount = (n + Lexicon.sparseStride - 1) / Lexicon.sparseStride
        let records = align4(sparse + 4 * sparseCount)
        let blob = align4(records + 4 * n)
        let coreSize = blob + blobSize
        guard coreSize <= Int(UInt32.max) else { return [] }

        var out = [UInt8](repeating: 0, count: coreSize)
        func put32(_ value: Int, at offset: Int) { put32u(UInt32(truncatingIfNeeded: value), at: offset) }
        func put32u(_ v: UInt32, at offset: Int) {
            out[offset] = UInt8(truncatingIfNeeded: v)
            out[offset + 1] = UInt8(truncatingIfNeeded: v >> 8)
            out[offset + 2] = UInt8(truncatingIfNeeded: v >> 16)
            out[offset + 3] = UInt8(truncatingIfNeeded: v >> 24)
        }

        // Header (the checksum is filled in last).
        for (k, byte) in Lexicon.magic.enumerated() { out[k] = byte }
        put32(Int(Lexicon.version), at: 8)
        put32(n, at: Lexicon.offEntryCount)
        put32(names.count, at: Lexicon.offListCount)
        put32(blobSize, at: Lexicon.offBlobSize)
        put32(listTable, at: Lexicon.offListTable)
        put32(index, at: Lexicon.offIndex)
        put32(sparse, at: Lexicon.offSparse)
        put32(records, at: Lexicon.offRecords)
        put32(blob, at: Lexicon.offBlob)

        var cursor = listTable
        for name in names {
            out[cursor] = UInt8(truncatingIfNeeded: name.count)
            cursor += 1
            for byte in name { out[cursor] = byte; cursor += 1 }
        }

        // First-byte index: index[b] = first entry whose first byte is >= b.
        var firstByteCounts = [Int](repeating: 0, count: 256)
        for entry in entries { firstByteCounts[Int(entry.key[0])] += 1 }
        var running = 0
        for b in 0..<256 {
            put32(running, at: index + 4 * b)
            running += firstByteCounts[b]
        }
        put32(running, at: index + 4 * 256)

        var offset = 0
        for (i, entry) in entries.enumerated() {
            if i % Lexicon.sparseStride == 0 { put32(offset, at: sparse + 4 * (i / Lexicon.sparseStride)) }
            let word = entry.key
            // Built in UInt32 so the shift of the length into bits 27–31 fits
            // even where Int is 32 bits; the inputs are already range-checked.
            let record = UInt32(truncatingIfNeeded: entry.value.rank)
                | UInt32(truncatingIfNeeded: entry.value.list) << 23
                | UInt32(truncatingIfNeeded: word.count) << 27
            put32u(record, at: records + 4 * i)
            out[blob + offset] = UInt8(truncatingIfNeeded: shared[i])
            offset += 1
            for byte in word[shared[i]...] { out[blob + offset] = byte; offset += 1 }
        }

        // The lookup tables, computed by the code that validates a lexicon,
        // so they are exactly what `Lexicon(validating:)` expects.
        let computed = out.withUnsafeBytes { core in
            core.baseAddress.flatMap { base in
                Lexicon.tableSections(core: core, Lexicon.Layout(base: base, count: n, listCount: names.count,
                                                                 blobSize: blobSize, index: index, sparse: sparse,
                                                                 records: records, blob: blob),
                                      limit: UInt64(UInt32.max))
            }
        }
        guard let tables = computed else { return [] }
        put32(tables.rowCount, at: Lexicon.offRowCount)
        put32(tables.pairCount, at: Lexicon.offPairCount)
        put32(tables.tripleCount, at: Lexicon.offTripleCount)
        out += tables.bytes

        // FNV-1a-64 of everything after the header, stored little-endian.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in out[Lexicon.headerSize...] {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        for k in 0..<8 { out[Lexicon.offChecksum + k] = UInt8(truncatingIfNeeded: hash >> (8 * k)) }
        return out
    }

    /// `name`'s UTF-8, cut to the 255 bytes a u8 length can describe, never
    /// inside a character, so the reader's UTF-8 validation accepts it.
    private static func truncatedName(_ name: String) -> [UInt8] {
        var bytes = Array(name.utf8)
        guard bytes.count > 255 else { return bytes }
        var end = 255
        // Back up over continuation bytes (10xxxxxx) to a character start.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        bytes.removeSubrange(end...)
        return bytes
    }
}
