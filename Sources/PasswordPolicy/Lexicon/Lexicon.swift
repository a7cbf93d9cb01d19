import CLexiconData

/// A read-only view of a compiled word lexicon (format: docs/lexicon.md).
///
/// The lexicon is the sorted union of several ranked word lists. Each entry is
/// one distinct byte string (normally lower-case UTF-8) with the smallest rank
/// it has in any list and the id of that list. Entries are addressed by their
/// index in byte order, which lets a matcher walk a password byte by byte with
/// `narrow(_:depth:byte:)`, like descending a trie, without building one.
///
/// The struct does not own its memory: it points into a buffer (the embedded
/// `CLexiconData` bytes, or a caller's buffer) that must outlive it. That
/// memory is never written, which is why sharing it across threads is safe.
///
/// Nothing here traps: `init?(validating:)` checks every structural fact the
/// accessors rely on, so afterwards they can read without bounds checks, and
/// accessors given an out-of-range entry index answer 0 or empty.
public struct Lexicon: @unchecked Sendable {
    // MARK: Format constants (docs/lexicon.md)

    static let headerSize = 64
    static let magic: [UInt8] = Array("PWGLEX01".utf8)
    static let version: UInt32 = 1
    static let maxLists = 16
    static let maxWordLength = 31
    static let maxRank = (1 << 23) - 1
    static let indexEntries = 257
    static let sparseStride = 8
    // Header field offsets.
    static let offEntryCount = 12, offListCount = 16, offBlobSize = 20
    static let offListTable = 24, offIndex = 28, offSparse = 32, offRecords = 36, offBlob = 40
    static let offChecksum = 44, offReserved = 52

    // MARK: Validated layout

    /// Start of the buffer; nil only for the empty lexicon.
    private let base: UnsafeRawPointer?
    /// Total buffer size in bytes.
    private let size: Int
    /// Number of entries (N).
    private let entryCount: Int
    /// Absolute byte offsets of the sections.
    private let indexStart: Int
    private let sparseStart: Int
    private let recordsStart: Int
    private let blobStart: Int
    /// The decoded list names, in list-id order.
    private let names: [String]

    /// An empty lexicon: what `builtIn` falls back to when the embedded data
    /// is unusable, so callers degrade to "no dictionary matches" instead of crashing.
    private init() {
        base = nil
        size = 0
        entryCount = 0
        indexStart = 0
        sparseStart = 0
        recordsStart = 0
        blobStart = 0
        names = []
    }

    /// The lexicon compiled into the binary (CLexiconData). Empty (count 0) if the embedded data fails validation.
    public static let builtIn: Lexicon = {
        guard let start = pwguard_lexicon_bytes(), pwguard_lexicon_size > 0 else { return Lexicon() }
        // The C array is a global constant, so the memory outlives every Lexicon.
        let buffer = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: pwguard_lexicon_size)
        return Lexicon(validating: buffer) ?? Lexicon()
    }()

    /// Validates header, section bounds, ranks/lengths and sortedness cheaply enough for < 1 ms (do NOT verify the checksum here; provide `func verifyChecksum() -> Bool` separately); nil if anything is off. The memory must outlive the Lexicon.
    ///
    /// Accepted buffers are exactly those where every accessor can read
    /// without bounds checks: all sections lie in the buffer in the documented
    /// order, every record has a length of 1–31, a rank ≥ 1 and a known list
    /// id, the sparse offsets and the first-byte index agree with the records,
    /// the lengths sum to the blob size, and the words are strictly ascending.
    /// The buffer needs no particular alignment.
    public init?(validating buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count >= Lexicon.headerSize else { return nil }
        let size = buffer.count
        // From here on, header reads are in bounds (size >= 64).
        for k in 0..<8 where base.load(fromByteOffset: k, as: UInt8.self) != Lexicon.magic[k] { return nil }
        guard Lexicon.readU32(base, 8) == Lexicon.version else { return nil }
        for k in Lexicon.offReserved..<Lexicon.headerSize where base.load(fromByteOffset: k, as: UInt8.self) != 0 {
            return nil
        }

        // Section arithmetic in UInt64: every field is < 2^32, so no sum below
        // can overflow whatever the width of Int, and the final comparisons
        // against `size` make each value safe to convert.
        let n = UInt64(Lexicon.readU32(base, Lexicon.offEntryCount))
        let listCount = UInt64(Lexicon.readU32(base, Lexicon.offListCount))
        let blobSize = UInt64(Lexicon.readU32(base, Lexicon.offBlobSize))
        let listTable = UInt64(Lexicon.readU32(base, Lexicon.offListTable))
        let index = UInt64(Lexicon.readU32(base, Lexicon.offIndex))
        let sparse = UInt64(Lexicon.readU32(base, Lexicon.offSparse))
        let records = UInt64(Lexicon.readU32(base, Lexicon.offRecords))
        let blob = UInt64(Lexicon.readU32(base, Lexicon.offBlob))
        let total = UInt64(size)

        guard listCount <= UInt64(Lexicon.maxLists) else { return nil }
        let sparseCount = (n + UInt64(Lexicon.sparseStride) - 1) / UInt64(Lexicon.sparseStride)
        guard listTable >= UInt64(Lexicon.headerSize), listTable % 4 == 0,
              index % 4 == 0, sparse % 4 == 0, records % 4 == 0, blob % 4 == 0,
              index >= listTable,
              index + 4 * UInt64(Lexicon.indexEntries) <= sparse,
              sparse + 4 * sparseCount <= records,
              records + 4 * n <= blob,
              blob + blobSize == total
        else { return nil }

        // List names: u8 length + UTF-8, all before the index section.
        var names: [String] = []
        var cursor = Int(listTable)
        let namesEnd = Int(index)
        for _ in 0..<Int(listCount) {
            guard cursor < namesEnd else { return nil }
            let length = Int(base.load(fromByteOffset: cursor, as: UInt8.self))
            cursor += 1
            guard length <= namesEnd - cursor else { return nil }
            let bytes = UnsafeRawBufferPointer(start: base + cursor, count: length)
            guard let name = String(validating: bytes, as: UTF8.self) else { return nil }
            names.append(name)
            cursor += length
        }

        self.base = base
        self.size = size
        self.entryCount = Int(n)
        self.indexStart = Int(index)
        self.sparseStart = Int(sparse)
        self.recordsStart = Int(records)
        self.blobStart = Int(blob)
        self.names = names

        guard validateEntries(listCount: Int(listCount), blobSize: Int(blobSize)) else { return nil }
    }

    /// One pass over the records and the blob: the checks the accessors rely
    /// on. Section bounds are already known good, so the reads are unchecked.
    ///
    /// Written for speed (it runs when `builtIn` is first used, and must stay
    /// well under 1 ms for ~160k entries): order is decided by one 128-bit
    /// comparison of keys (the full comparison runs only for the rare pairs
    /// the keys cannot decide), and the first-byte index is checked only
    /// where the first byte changes, so the loop has no unpredictable branches.
    private func validateEntries(listCount: Int, blobSize: Int) -> Bool {
        guard let base else { return entryCount == 0 }
        let blob = base + blobStart
        let records = base + recordsStart
        let sparse = base + sparseStart
        let n = entryCount
        var offset = 0              // blob offset of entry i
        var previousLength = 0      // (the previous entry starts at offset - previousLength)
        var previousKey: UInt128 = 0  // below every real key: their low byte is >= 1
        var currentFirst = -1       // first byte of the previous entry; -1 before any
        var i = 0
        while i < n {
            let record = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
            let length = Int(record >> 27)
            let list = Int((record >> 23) & 0xF)
            if record < 0x0800_0000 || record & 0x7F_FFFF == 0 || list >= listCount { return false }
            if i & 7 == 0 {
                let expected = UInt32(littleEndian: sparse.loadUnaligned(fromByteOffset: (i >> 3) &* 4, as: UInt32.self))
                if Int(expected) != offset { return false }
            }
            // blobSize - offset may be negative once a corrupt length has
            // overshot; the check then fails, before any read past the blob.
            if length > blobSize &- offset { return false }
            let key = Lexicon.orderKey(blob, offset, length, blobSize)
            // A larger key proves order (see `orderKey`); anything else is
            // either disorder or a tie the keys cannot break, which the full
            // comparison settles. One well-predicted branch in the common case.
            if key <= previousKey {
                guard Lexicon.ascending(blob, offset &- previousLength, previousLength, offset, length, blobSize) else {
                    return false
                }
            }
            let first = Int(truncatingIfNeeded: key >> 120)
            if first != currentFirst {
                // index[b] for currentFirst < b <= first is "first entry with
                // first byte >= b", which is this entry.
                guard checkIndex(base, from: currentFirst &+ 1, through: first, equals: i) else { return false }
                currentFirst = first
            }
            previousKey = key
            previousLength = length
            offset &+= length
            i &+= 1
        }
        guard offset == blobSize else { return false }
        return checkIndex(base, from: currentFirst &+ 1, through: 256, equals: n)
    }

    /// True when index[b] == value for every b in from...through (an empty
    /// span is fine). Bounds: 0 <= from, through <= 256.
    private func checkIndex(_ base: UnsafeRawPointer, from: Int, through: Int, equals value: Int) -> Bool {
        var b = from
        while b <= through {
            guard Int(Lexicon.readU32(base, indexStart &+ 4 &* b)) == value else { return false }
            b &+= 1
        }
        return true
    }

    /// A 128-bit key whose order agrees with word order wherever it differs:
    /// the word's first 15 bytes, zero-padded, big-endian in the top 120 bits,
    /// and min(length, 16) in the low byte. Keys differ in the prefix → that
    /// decides; equal prefixes with a word under 16 bytes → it is a prefix of
    /// the other, and the length byte puts it first; equal keys → undecided
    /// (two words of 16+ bytes sharing 15, or a duplicate). Needs
    /// `offset + length <= blobSize`; reads past the word only inside the blob.
    @inline(__always)
    private static func orderKey(_ blob: UnsafeRawPointer, _ offset: Int, _ length: Int, _ blobSize: Int) -> UInt128 {
        let used = min(length, 15)
        let tag = UInt128(truncatingIfNeeded: min(length, 16))
        if offset &+ 16 <= blobSize {
            let raw = UInt128(bigEndian: blob.loadUnaligned(fromByteOffset: offset, as: UInt128.self))
            // used is 1...15, so the shift is 8...120: no out-of-range shift.
            let mask = ~(UInt128.max &>> UInt128(truncatingIfNeeded: used &* 8))
            return (raw & mask) | tag
        }
        // The last few words of the blob: assemble the key bytewise.
        var key: UInt128 = 0
        var k = 0
        while k < 15 {
            let byte = k < used ? UInt128(blob.load(fromByteOffset: offset &+ k, as: UInt8.self)) : 0
            key = key << 8 | byte
            k &+= 1
        }
        return key << 8 | tag
    }

    /// True when word A (at `a`, `aLength` bytes) sorts strictly before word B
    /// (at `b > a`, `bLength` bytes): bytewise, shorter prefix first, so equal
    /// words fail too. Compares 8 bytes at a time (big-endian loads make
    /// integer order equal byte order) while 8 bytes remain in the blob
    /// after `b`, since B's bytes lie after A's.
    private static func ascending(_ blob: UnsafeRawPointer, _ a: Int, _ aLength: Int,
                                  _ b: Int, _ bLength: Int, _ blobSize: Int) -> Bool {
        let common = min(aLength, bLength)
        var k = 0
        while k < common {
            if b &+ k &+ 8 <= blobSize {
                let x = UInt64(bigEndian: blob.loadUnaligned(fromByteOffset: a &+ k, as: UInt64.self))
                let y = UInt64(bigEndian: blob.loadUnaligned(fromByteOffset: b &+ k, as: UInt64.self))
                let remaining = common &- k
                if remaining >= 8 {
                    if x != y { return x < y }
                    k &+= 8
                    continue
                }
                // Only the first `remaining` bytes belong to both words.
                let shift = UInt64(8 &- remaining) &* 8
                let xs = x >> shift, ys = y >> shift
                if xs != ys { return xs < ys }
                break
            }
            let x = blob.load(fromByteOffset: a &+ k, as: UInt8.self)
            let y = blob.load(fromByteOffset: b &+ k, as: UInt8.self)
            if x != y { return x < y }
            k &+= 1
        }
        // One is a prefix of the other: the shorter comes first.
        return aLength < bLength
    }

    // MARK: Public accessors

    /// Number of entries (distinct words).
    public var count: Int { entryCount }

    /// The list names, indexed by list id (what `list(of:)` returns).
    public var listNames: [String] { names }

    /// Every entry: `0..<count`. The starting range for `narrow`.
    public var all: Range<Int> { 0..<entryCount }

    /// Given a range of entries that all share their first `depth` bytes, the sub-range whose byte at `depth` equals `byte` (entries of length exactly `depth` are excluded). Binary searches; uses the first-byte index when depth == 0. Must be fast: this is the hot path of password matching.
    ///
    /// A range outside `all` is clamped to it. If the precondition on the
    /// shared prefix does not hold the answer is meaningless but still a
    /// valid (possibly empty) sub-range; nothing traps.
    public func narrow(_ range: Range<Int>, depth: Int, byte: UInt8) -> Range<Int> {
        var lower = min(max(range.lowerBound, 0), entryCount)
        let upper = min(max(range.upperBound, lower), entryCount)
        guard let base, lower < upper, depth >= 0, depth < Lexicon.maxWordLength else { return lower..<lower }

        if depth == 0 {
            // index[b]..<index[b+1] are exactly the words starting with `byte`.
            let first = Int(Lexicon.readU32(base, indexStart &+ 4 &* Int(byte)))
            let end = Int(Lexicon.readU32(base, indexStart &+ 4 &* (Int(byte) &+ 1)))
            let from = min(max(first, lower), upper)
            let to = min(max(end, from), upper)
            return from..<to
        }

        // The key of an entry is its byte at `depth`, or -1 if it ends there
        // (it then sorts first among the entries sharing the prefix). Over a
        // range that honours the precondition the key is non-decreasing, so
        // the answer is [first key >= byte, first key > byte).
        let target = Int(byte)
        // Under the precondition only the first entry can end at `depth` (it
        // is the shared prefix itself). Skipping it here lets the block search
        // read bytes without checking lengths.
        if Int(Lexicon.readU32(base, recordsStart &+ 4 &* lower) >> 27) <= depth { lower &+= 1 }
        if lower == upper { return lower..<lower }
        if upper &- lower <= Lexicon.linearLimit {
            // Small ranges (most calls past depth 2): one sequential scan,
            // which beats binary search when offsets must be summed anyway.
            var i = lower
            var offset = blobOffset(base, lower)
            var from = upper
            while i < upper {
                let length = Int(Lexicon.readU32(base, recordsStart &+ 4 &* i) >> 27)
                let k = depth < length ? Int(base.load(fromByteOffset: blobStart &+ offset &+ depth, as: UInt8.self)) : -1
                if k > target { break }
                if k == target && from == upper { from = i }
                offset &+= length
                i &+= 1
            }
            return from == upper ? i..<i : from..<i
        }
        let from = firstKey(base, atLeast: target, in: lower, upper, depth)
        let to = firstKey(base, atLeast: target &+ 1, in: from, upper, depth)
        return from..<to
    }

    /// The search key of the entry starting block `block` (its byte at
    /// `depth`), read without looking at its length: narrow() has already
    /// skipped the one entry that may end at `depth`, so under its
    /// precondition the byte is the word's own; if the precondition is broken
    /// it is merely some byte of the blob, and `blobEnd` keeps the read inside.
    @inline(__always)
    private func blockKey(_ base: UnsafeRawPointer, _ block: Int, _ depth: Int, _ blobEnd: Int) -> Int {
        let at = Int(Lexicon.readU32(base, sparseStart &+ 4 &* block)) &+ depth
        return at < blobEnd ? Int(base.load(fromByteOffset: blobStart &+ at, as: UInt8.self)) : -1
    }

    /// Ranges up to this size are scanned rather than searched.
    static let linearLimit = 16

    /// First entry in `lower..<upper` whose key at `depth` is >= `threshold`,
    /// or `upper`. Binary searches the block starts (entry 8b, whose offset
    /// is stored directly in the sparse table), then scans the at most 8
    /// entries between two block starts, adding lengths as it goes.
    @inline(__always)
    private func firstKey(_ base: UnsafeRawPointer, atLeast threshold: Int, in lower: Int, _ upper: Int, _ depth: Int) -> Int {
        var start = lower, end = upper
        if upper &- lower > Lexicon.linearLimit {
            // Blocks whose start entry lies in lower..<upper (at least two).
            // Branch-free lower bound: the comparison feeds a conditional
            // move, so the unpredictable outcome costs no mispredictions.
            let firstBlock = (lower &+ 7) >> 3
            let endBlock = ((upper &- 1) >> 3) &+ 1
            let blobEnd = size &- blobStart
            var first = firstBlock
            var count = endBlock &- firstBlock
            while count > 1 {
                let half = count >> 1
                let probe = first &+ half
                first = blockKey(base, probe, depth, blobEnd) < threshold ? probe : first
                count &-= half
            }
            let a = blockKey(base, first, depth, blobEnd) < threshold ? first &+ 1 : first
            // Block starts before block a are below the threshold, block a's
            // (if any) is not: the answer lies after the previous block start,
            // at or before block a's start.
            start = a == firstBlock ? lower : (a &- 1) &* 8 &+ 1
            end = a == endBlock ? upper : a &* 8
        }
        // Checked before blobOffset: `start` may be `count`, which has no offset.
        guard start < end else { return end }
        var i = start
        var offset = blobOffset(base, start)
        while i < end {
            let length = Int(Lexicon.readU32(base, recordsStart &+ 4 &* i) >> 27)
            let k = depth < length ? Int(base.load(fromByteOffset: blobStart &+ offset &+ depth, as: UInt8.self)) : -1
            if k >= threshold { return i }
            offset &+= length
            i &+= 1
        }
        return end
    }

    /// Length in bytes of entry `entry`'s word (1–31), or 0 for an index outside `all`.
    public func length(of entry: Int) -> Int {
        guard let base, entry >= 0, entry < entryCount else { return 0 }
        return Int(Lexicon.readU32(base, recordsStart &+ 4 &* entry) >> 27)
    }

    /// Rank of entry `entry`'s word in its list (1 = most common), or 0 for an index outside `all`.
    public func rank(of entry: Int) -> Int {
        guard let base, entry >= 0, entry < entryCount else { return 0 }
        return Int(Lexicon.readU32(base, recordsStart &+ 4 &* entry) & 0x7F_FFFF)
    }

    /// List id of entry `entry` (an index into `listNames`), or 0 for an index outside `all`.
    public func list(of entry: Int) -> Int {
        guard let base, entry >= 0, entry < entryCount else { return 0 }
        return Int((Lexicon.readU32(base, recordsStart &+ 4 &* entry) >> 23) & 0xF)
    }

    /// The bytes of entry `entry`'s word, or `[]` for an index outside `all`.
    public func word(_ entry: Int) -> [UInt8] {
        guard let base, entry >= 0, entry < entryCount else { return [] }
        let length = Int(Lexicon.readU32(base, recordsStart &+ 4 &* entry) >> 27)
        return Array(UnsafeRawBufferPointer(start: base + blobStart + blobOffset(base, entry), count: length))
    }

    /// Entry index of exactly this word, or nil.
    public func lookup<C: Collection<UInt8>>(_ word: C) -> Int? {
        guard base != nil, !word.isEmpty else { return nil }
        var range = all
        var depth = 0
        for byte in word {
            // Longer than any entry can be: no match (and no wasted searching).
            guard depth < Lexicon.maxWordLength else { return nil }
            range = narrow(range, depth: depth, byte: byte)
            if range.isEmpty { return nil }
            depth &+= 1
        }
        // All entries in `range` start with `word`; if `word` itself is an
        // entry it is the shortest, so it sorts first.
        return length(of: range.lowerBound) == depth ? range.lowerBound : nil
    }

    /// Recomputes the FNV-1a-64 checksum of everything after the header and
    /// compares it with the header's. Separate from validation because it
    /// reads every byte (~1 ms per MB); use it in tests and diagnostics.
    /// Returns false for the empty fallback lexicon, which has no data.
    public func verifyChecksum() -> Bool {
        guard let base else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var k = Lexicon.headerSize
        while k < size {
            hash ^= UInt64(base.load(fromByteOffset: k, as: UInt8.self))
            hash = hash &* 0x0000_0100_0000_01B3
            k &+= 1
        }
        return hash == UInt64(littleEndian: base.loadUnaligned(fromByteOffset: Lexicon.offChecksum, as: UInt64.self))
    }

    // MARK: Unchecked internals (callers guarantee validated bounds)

    /// Little-endian u32 at byte offset `offset`, any alignment.
    @inline(__always)
    private static func readU32(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Blob offset of entry `entry` (validated index): the sparse table gives
    /// every 8th offset, the lengths of at most 7 predecessors fill the gap.
    @inline(__always)
    private func blobOffset(_ base: UnsafeRawPointer, _ entry: Int) -> Int {
        var offset = Int(Lexicon.readU32(base, sparseStart &+ 4 &* (entry >> 3)))
        var i = entry & ~7
        while i < entry {
            offset &+= Int(Lexicon.readU32(base, recordsStart &+ 4 &* i) >> 27)
            i &+= 1
        }
        return offset
    }
}
