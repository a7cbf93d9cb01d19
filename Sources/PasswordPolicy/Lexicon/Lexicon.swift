import CLexiconData

/// A read-only view of a compiled word lexicon (format: docs/lexicon.md).
///
/// The lexicon is the sorted union of several ranked word lists. Each entry is
/// one distinct byte string (normally lower-case UTF-8) with the smallest rank
/// it has in any list and the id of that list. Entries are addressed by their
/// index in byte order, which lets a matcher walk a password byte by byte with
/// `narrow(_:depth:byte:)`, like descending a trie, without building one.
///
/// The struct does not own the lexicon's memory: it points into a buffer (the
/// embedded `CLexiconData` bytes, or a caller's buffer) that must outlive it.
/// That memory is never written, which is why sharing it across threads is
/// safe. The file also holds the lookup tables `narrow` uses (see `Tables`):
/// the built-in lexicon reads them in place (`init?(trusting:)`), a buffer
/// checked by `init?(validating:)` gets a copy computed on the heap (about
/// 0.2 MB), which a `Lexicon` owns, shares between its copies and never
/// writes after `init`.
///
/// Nothing here traps: `init?(validating:)` checks every structural fact the
/// accessors rely on, `init?(trusting:)` every fact that keeps reads inside
/// the buffer, and accessors given an out-of-range entry index answer 0 or
/// empty.
public struct Lexicon: @unchecked Sendable {
    // MARK: Format constants (docs/lexicon.md)

    static let headerSize = 64
    static let magic: [UInt8] = Array("PWGLEX01".utf8)
    static let version: UInt32 = 3
    static let maxLists = 16
    static let maxWordLength = 31
    static let maxRank = (1 << 23) - 1
    static let indexEntries = 257
    static let sparseStride = 8
    // Header field offsets.
    static let offEntryCount = 12, offListCount = 16, offBlobSize = 20
    static let offListTable = 24, offIndex = 28, offSparse = 32, offRecords = 36, offBlob = 40
    static let offChecksum = 44, offRowCount = 52, offPairCount = 56, offTripleCount = 60

    // MARK: Validated layout

    /// Start of the buffer; nil only for the empty lexicon.
    private let base: UnsafeRawPointer?
    /// Total buffer size in bytes.
    private let size: Int
    /// Number of entries (N).
    private let entryCount: Int
    /// Size of the blob (the words) in bytes.
    private let blobSize: Int
    /// Absolute byte offsets of the sections.
    private let indexStart: Int
    private let sparseStart: Int
    private let recordsStart: Int
    private let blobStart: Int
    /// The decoded list names, in list-id order.
    private let names: [String]
    /// Whether the buffer is the built-in lexicon's private copy
    /// (`pwguard_lexicon_open`), whose chunks are filled on first read: every
    /// read of the sparse offsets, records and blob is then preceded by a
    /// `touch`. The header, names, first-byte index and tables are filled
    /// when the lexicon is opened (every check reads them).
    private let readsThroughCopy: Bool

    // MARK: Lookup tables (see `Tables`)

    /// Owner of the memory behind the pointers below when validation computed
    /// the tables; nil when they point into the buffer (`init?(trusting:)`).
    /// `narrow` reads through the plain pointers, so the hot path touches no
    /// reference count.
    private let tables: Tables?
    private let rowOf: UnsafePointer<UInt16>
    private let rows: UnsafePointer<UInt32>
    private let chunkFirst: UnsafePointer<UInt8>
    private let pairBits: UnsafePointer<UInt64>
    private let pairCounts: UnsafePointer<UInt32>
    private let pairChildren: UnsafePointer<UInt32>
    private let tripleStarts: UnsafePointer<UInt32>
    private let tripleBytes: UnsafePointer<UInt8>

    /// The tables that make `narrow` a lookup rather than a search at the
    /// depths a password walk visits most (0–2). All are derived from the
    /// entries, by the code validation runs (`validateEntries`); the
    /// compiler stores them in the file (docs/lexicon.md, since format 2) so that
    /// the built-in lexicon needs no pass over its entries.
    ///
    /// A *k-group* is the run of entries that share their first k bytes (and
    /// have at least k): what `narrow` returns at depth k - 1. Groups are
    /// numbered in entry order.
    ///
    /// - Depth 1. `rowOf[x]`: the row of first byte x, or 0xFFFF if no word
    ///   starts with x. Each first byte in use has a row of 257 slots in
    ///   `rows`: slot y < 256 is the first entry at or after the 2-group
    ///   (x, y) (a one-byte word "x" sorts before all of them), slot 256 the
    ///   end of x's words. So the 2-group (x, y) is `rows[s] ..< rows[s + 1]`.
    ///   `chunkFirst[k]` is the first byte of entry 64k (and 255 after the
    ///   last chunk): the first byte of a range in chunk k is at most
    ///   `chunkFirst[k + 1]`, and usually equal to it.
    /// - Depth 2. `pairBits[w]` has a bit for each of the entries
    ///   64w ..< 64w + 64 that starts a 2-group, `pairCounts[w]` the
    ///   number of 2-groups that start before entry 64w: a range that starts
    ///   where a 2-group starts finds the group's number with one popcount.
    ///   2-group g has the 3-groups `pairChildren[g] ..< pairChildren[g + 1]`;
    ///   3-group t starts at entry `tripleStarts[t]` and has byte 2
    ///   `tripleBytes[t]`. After the last group: a start of N, and 8 zero
    ///   bytes (the bytes are read 8 at a time).
    ///
    /// Validation computes the sizes (rows, 2-groups, 3-groups) as it finds
    /// the groups; in the file the header gives them. The built-in lexicon
    /// has 68 first bytes, 1.3k 2-groups and 11k 3-groups: about 0.2 MB of
    /// tables.
    private final class Tables {
        let rowOf: UnsafeMutablePointer<UInt16>
        let rows: UnsafeMutablePointer<UInt32>
        let chunkFirst: UnsafeMutablePointer<UInt8>
        let pairBits: UnsafeMutablePointer<UInt64>
        let pairCounts: UnsafeMutablePointer<UInt32>
        var pairChildren: Growable<UInt32>
        var tripleStarts: Growable<UInt32>
        var tripleBytes: Growable<UInt8>
        /// Rows in `rows`, 2-groups and 3-groups (set when validation ends).
        let rowCount: Int
        var pairCount = 0, tripleCount = 0

        /// Uninitialised memory (trivial types) but for `pairBits`, set bit
        /// by bit: validation writes every element before anything reads it.
        init(entryCount n: Int, rowCount: Int) {
            let words = (n &+ 63) >> 6
            self.rowCount = rowCount
            rowOf = .allocate(capacity: 256)
            rows = .allocate(capacity: max(rowCount, 1) &* 257)
            chunkFirst = .allocate(capacity: (n &+ 63) >> 6 &+ 1)
            pairBits = .allocate(capacity: max(words, 1))
            pairBits.initialize(repeating: 0, count: max(words, 1))
            pairCounts = .allocate(capacity: max(words, 1))
            // First guesses that hold the built-in lexicon's groups; the
            // arrays grow (doubling) for others.
            pairChildren = Growable(capacity: n / 64 &+ 16)
            tripleStarts = Growable(capacity: n / 8 &+ Lexicon.chunk &+ 16)
            tripleBytes = Growable(capacity: n / 8 &+ Lexicon.chunk &+ 16)
        }

        deinit {
            rowOf.deallocate()
            rows.deallocate()
            chunkFirst.deallocate()
            pairBits.deallocate()
            pairCounts.deallocate()
            pairChildren.pointer.deallocate()
            tripleStarts.pointer.deallocate()
            tripleBytes.pointer.deallocate()
        }
    }

    /// A heap array of a trivial type that validation fills front to back.
    private struct Growable<Element> {
        var pointer: UnsafeMutablePointer<Element>
        var capacity: Int

        init(capacity: Int) {
            pointer = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        /// Makes room for at least `needed` elements, keeping the first `count`.
        mutating func reserve(_ needed: Int, keeping count: Int) {
            guard needed > capacity else { return }
            let larger = max(needed, capacity &* 2)
            let moved = UnsafeMutablePointer<Element>.allocate(capacity: larger)
            moved.moveInitialize(from: pointer, count: count)
            pointer.deallocate()
            pointer = moved
            capacity = larger
        }
    }

    /// Entries validation's loop handles between checks for room in the
    /// arrays it appends to (each entry adds at most one element to each).
    static let chunk = 64

    /// Where `narrow` finds each table: in a `Tables` or in the buffer.
    private struct TablePointers {
        let rowOf: UnsafePointer<UInt16>
        let rows: UnsafePointer<UInt32>
        let chunkFirst: UnsafePointer<UInt8>
        let pairBits: UnsafePointer<UInt64>
        let pairCounts: UnsafePointer<UInt32>
        let pairChildren: UnsafePointer<UInt32>
        let tripleStarts: UnsafePointer<UInt32>
        let tripleBytes: UnsafePointer<UInt8>

        init(_ tables: Tables) {
            rowOf = UnsafePointer(tables.rowOf)
            rows = UnsafePointer(tables.rows)
            chunkFirst = UnsafePointer(tables.chunkFirst)
            pairBits = UnsafePointer(tables.pairBits)
            pairCounts = UnsafePointer(tables.pairCounts)
            pairChildren = UnsafePointer(tables.pairChildren.pointer)
            tripleStarts = UnsafePointer(tables.tripleStarts.pointer)
            tripleBytes = UnsafePointer(tables.tripleBytes.pointer)
        }

        /// The sections of an 8-byte aligned buffer, viewed in place (the
        /// caller has checked `base` is 8-aligned, `layout` lies inside the
        /// buffer and the host is little-endian, so the file's integers are
        /// the host's).
        init(_ base: UnsafeRawPointer, _ layout: TableLayout) {
            rowOf = (base + layout.rowOf).bindMemory(to: UInt16.self, capacity: 256)
            rows = (base + layout.rows).bindMemory(to: UInt32.self, capacity: 257 &* layout.rowCount)
            chunkFirst = (base + layout.chunkFirst).bindMemory(to: UInt8.self, capacity: layout.chunks &+ 1)
            pairBits = (base + layout.pairBits).bindMemory(to: UInt64.self, capacity: layout.chunks)
            pairCounts = (base + layout.pairCounts).bindMemory(to: UInt32.self, capacity: layout.chunks)
            pairChildren = (base + layout.pairChildren).bindMemory(to: UInt32.self, capacity: layout.pairCount &+ 1)
            tripleStarts = (base + layout.tripleStarts).bindMemory(to: UInt32.self, capacity: layout.tripleCount &+ 1)
            tripleBytes = (base + layout.tripleBytes).bindMemory(to: UInt8.self, capacity: layout.tripleCount &+ 8)
        }
    }

    /// Sets every stored property; the two readers and the empty lexicon end here.
    private init(base: UnsafeRawPointer?, size: Int, layout: Layout?, names: [String], tables: Tables?,
                 pointers: TablePointers, readsThroughCopy: Bool = false) {
        self.base = base
        self.readsThroughCopy = readsThroughCopy
        self.size = size
        entryCount = layout?.count ?? 0
        blobSize = layout?.blobSize ?? 0
        indexStart = layout?.index ?? 0
        sparseStart = layout?.sparse ?? 0
        recordsStart = layout?.records ?? 0
        blobStart = layout?.blob ?? 0
        self.names = names
        self.tables = tables
        rowOf = pointers.rowOf
        rows = pointers.rows
        chunkFirst = pointers.chunkFirst
        pairBits = pointers.pairBits
        pairCounts = pointers.pairCounts
        pairChildren = pointers.pairChildren
        tripleStarts = pointers.tripleStarts
        tripleBytes = pointers.tripleBytes
    }

    /// An empty lexicon: what `builtIn` falls back to when the embedded data
    /// is unusable, so callers degrade to "no dictionary matches" instead of crashing.
    private init() {
        // Never read (every accessor stops at `base == nil`).
        let tables = Tables(entryCount: 0, rowCount: 0)
        self.init(base: nil, size: 0, layout: nil, names: [], tables: tables, pointers: TablePointers(tables))
    }

    /// The lexicon compiled into the binary (CLexiconData), read with
    /// `init?(trusting:)`: no pass over its entries, no heap tables. Empty
    /// (count 0) if the embedded data is unusable.
    ///
    /// It is read through a private copy filled 4 KB at a time on first use
    /// (`pwguard_lexicon_open`, in CLexiconData): a password check reads
    /// about a hundred scattered chunks, and reading them in the binary's
    /// file mapping would make the kernel map whole page-cache folios
    /// around each, most of the 1.5 MB, into every `passwd` or `sshd` that
    /// loads the PAM module.
    public static let builtIn: Lexicon = {
        let view = pwguard_lexicon_open()
        guard let start = view.bytes, view.size > 0 else { return Lexicon() }
        // The copy and the C array live as long as the process.
        let buffer = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: view.size)
        return Lexicon(trusting: buffer, readsThroughCopy: view.copied != 0) ?? Lexicon()
    }()

    /// Whether this is the built-in lexicon (tables generated from the same
    /// word lists, such as the phrase matcher's short-word ranks, apply).
    package var isBuiltIn: Bool { base != nil && base == Lexicon.builtIn.base }

    /// Whether this lexicon is read through the private copy (see `builtIn`).
    package var isReadThroughCopy: Bool { readsThroughCopy }

    /// Makes `count` bytes at `offset` readable: fills the private copy's
    /// chunks there on first use; nothing for any other buffer.
    @inline(__always)
    private static func touch(_ copied: Bool, _ offset: Int, _ count: Int) {
        if copied { pwguard_lexicon_touch(offset, count) }
    }

    @inline(__always)
    private func touch(_ offset: Int, _ count: Int) {
        Lexicon.touch(readsThroughCopy, offset, count)
    }

    /// Reads a lexicon whose entries were validated when it was built, with
    /// checks that cost O(1) or O(tables), never a pass over the entries or
    /// the words: what `builtIn` uses, since the embedded file is validated
    /// in full by `lexicon-compiler` when it writes it (`init?(validating:)`
    /// plus the checksum) and again by LexiconTests on every test run
    /// (`testBuiltInLexicon`, `testBuiltInTablesMatchValidation`), and it is
    /// as much part of the binary as its compiled code. Use
    /// `init?(validating:)` for anything else. nil if a check fails; the
    /// memory must outlive the Lexicon and be 8-byte aligned.
    ///
    /// Checked, so that no accessor and no `narrow` call can read outside
    /// the buffer whatever the unchecked bytes hold:
    /// - everything in the header that `init?(validating:)` checks: size,
    ///   magic, version, list count, section offsets (aligned, in order,
    ///   inside the buffer), the table sizes the header gives and the file
    ///   ending exactly where the last table ends; list names valid UTF-8;
    /// - the buffer is 8-byte aligned, the blob has at least one byte per
    ///   entry, and the last sparse offset plus the encoded sizes of the
    ///   entries of its block (1 + length - min(shared-prefix byte, length))
    ///   add up to the blob size;
    /// - `rowOf`: every value is a row (< the header's row count) or 0xFFFF;
    /// - `pairCounts` are the running sums of `pairBits`' bits, which add up
    ///   to the header's 2-group count (so a group number is always a valid
    ///   index of `pairChildren`);
    /// - every `pairChildren` value is at most the 3-group count (so every
    ///   read of `tripleStarts` and `tripleBytes` is inside them).
    ///
    /// Trusted, unread: the records, the sparse offsets, the first-byte
    /// index, `rows`, `chunkFirst`, `tripleStarts`, `tripleBytes` and the
    /// front-coded words (shared-prefix bytes and suffixes; `word` clamps
    /// the shared prefix to the word's length and decodes into a fixed
    /// buffer). Every entry index `narrow` derives from them is clamped to the
    /// range it was given, every blob read is clamped to the blob (`word`,
    /// `countKeys`, `blockKey`), and record fields are bit fields that cannot
    /// exceed their widths. If those bytes were wrong the answers would be
    /// wrong (unsorted words, a rank of 0, a list id past `listNames`), never
    /// a read outside the buffer or a trap.
    ///
    /// On a big-endian host the file's tables cannot be read in place; there
    /// this is `init?(validating:)`.
    public init?(trusting buffer: UnsafeRawBufferPointer) {
        self.init(trusting: buffer, readsThroughCopy: false)
    }

    /// `init?(trusting:)` for the built-in lexicon's private copy when
    /// `readsThroughCopy`: it first fills the parts every check reads (the
    /// header, names and first-byte index, and the tables), and touches
    /// everything else before reading it.
    private init?(trusting buffer: UnsafeRawBufferPointer, readsThroughCopy copied: Bool) {
        #if _endian(little)
        if copied, let base = buffer.baseAddress {
            Lexicon.touch(true, 0, min(buffer.count, Lexicon.headerSize))
            guard buffer.count >= Lexicon.headerSize else { return nil }
            // Values only used to decide what to fill (readHeader checks them).
            let sparse = Int(Lexicon.readU32(base, Lexicon.offSparse))
            let tables = (Int(Lexicon.readU32(base, Lexicon.offBlob)) &+ Int(Lexicon.readU32(base, Lexicon.offBlobSize)) &+ 7) & ~7
            Lexicon.touch(true, 0, min(sparse, buffer.count))
            if tables < buffer.count { Lexicon.touch(true, tables, buffer.count &- tables) }
        }
        guard let (layout, tableLayout, names) = Lexicon.readHeader(buffer) else { return nil }
        let base = layout.base
        guard Int(bitPattern: base) & 7 == 0, layout.blobSize >= layout.count else { return nil }
        // The last block's sparse offset plus its entries' encoded sizes end
        // the blob (at most 8 records and shared-prefix bytes: catches an
        // entry count or blob size that is off). Offsets advance as the
        // readers advance them (`countKeys`, `word`).
        var end = 0
        if layout.count > 0 {
            let last = (layout.count &- 1) & ~7
            Lexicon.touch(copied, layout.sparse &+ 4 &* (last >> 3), 4)
            end = Int(Lexicon.readU32(base, layout.sparse &+ 4 &* (last >> 3)))
            Lexicon.touch(copied, layout.records &+ 4 &* last, 4 &* (layout.count &- last))
            for entry in last..<layout.count {
                guard end < layout.blobSize else { return nil }
                let length = Int(Lexicon.readU32(base, layout.records &+ 4 &* entry) >> 27)
                Lexicon.touch(copied, layout.blob &+ end, 1)
                let shared = min(Int(base.load(fromByteOffset: layout.blob &+ end, as: UInt8.self)), length)
                end &+= 1 &+ length &- shared
            }
        }
        guard end == layout.blobSize else { return nil }
        let pointers = TablePointers(base, tableLayout)
        for b in 0..<256 {
            let row = pointers.rowOf[b]
            guard row == 0xFFFF || Int(row) < tableLayout.rowCount else { return nil }
        }
        var groups = 0
        for w in 0..<tableLayout.chunks {
            guard Int(pointers.pairCounts[w]) == groups else { return nil }
            groups &+= pointers.pairBits[w].nonzeroBitCount
        }
        guard groups == tableLayout.pairCount else { return nil }
        for g in 0...tableLayout.pairCount where Int(pointers.pairChildren[g]) > tableLayout.tripleCount {
            return nil
        }
        self.init(base: base, size: buffer.count, layout: layout, names: names, tables: nil, pointers: pointers,
                  readsThroughCopy: copied)
        #else
        Lexicon.touch(copied, 0, buffer.count)
        self.init(validating: buffer)
        #endif
    }

    /// Validates header, section bounds, ranks/lengths and sortedness cheaply enough for < 1 ms (do NOT verify the checksum here; provide `func verifyChecksum() -> Bool` separately); nil if anything is off. The memory must outlive the Lexicon.
    ///
    /// Accepted buffers are exactly those where every accessor can read
    /// without bounds checks: all sections lie in the buffer in the documented
    /// order, every record has a length of 1–31, a rank ≥ 1 and a known list
    /// id, the front coding is well formed (see `validateCore`), the sparse
    /// offsets agree with it and the first-byte index with the records, the
    /// decoded words are strictly ascending,
    /// and the table sections hold exactly the tables the entries imply.
    /// The buffer needs no particular alignment.
    ///
    /// Validation computes the lookup tables `narrow` uses (`Tables`) from
    /// the entries, compares them with the file's byte for byte, and keeps
    /// its own copy on the heap (so the buffer may be unaligned).
    public init?(validating buffer: UnsafeRawBufferPointer) {
        guard let (layout, tableLayout, names) = Lexicon.readHeader(buffer),
              let tables = Lexicon.validateCore(layout),
              tables.rowCount == tableLayout.rowCount, tables.pairCount == tableLayout.pairCount,
              tables.tripleCount == tableLayout.tripleCount
        else { return nil }
        let blobEnd = layout.blob &+ layout.blobSize
        let stored = UnsafeRawBufferPointer(start: layout.base + blobEnd, count: buffer.count &- blobEnd)
        guard stored.elementsEqual(Lexicon.tableBytes(tables, tableLayout, from: blobEnd)) else { return nil }
        self.init(base: layout.base, size: buffer.count, layout: layout, names: names, tables: tables,
                  pointers: TablePointers(tables))
    }

    /// The header checks both readers make: size, magic, version, list
    /// count, every section inside the buffer in the documented order (the
    /// core sections 4-aligned, the tables 8-aligned after the blob), the
    /// file ending exactly at the end of the last table; list names valid
    /// UTF-8. Returns the sections and the names, or nil.
    private static func readHeader(_ buffer: UnsafeRawBufferPointer) -> (Layout, TableLayout, [String])? {
        guard let base = buffer.baseAddress, buffer.count >= Lexicon.headerSize else { return nil }
        let size = buffer.count
        // From here on, header reads are in bounds (size >= 64).
        for k in 0..<8 where base.load(fromByteOffset: k, as: UInt8.self) != Lexicon.magic[k] { return nil }
        guard Lexicon.readU32(base, 8) == Lexicon.version else { return nil }

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
              let tableLayout = TableLayout(after: blob + blobSize, entryCount: n,
                                            rowCount: UInt64(Lexicon.readU32(base, Lexicon.offRowCount)),
                                            pairCount: UInt64(Lexicon.readU32(base, Lexicon.offPairCount)),
                                            tripleCount: UInt64(Lexicon.readU32(base, Lexicon.offTripleCount)),
                                            limit: total),
              tableLayout.end == size
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

        let layout = Layout(base: base, count: Int(n), listCount: Int(listCount), blobSize: Int(blobSize),
                            index: Int(index), sparse: Int(sparse), records: Int(records), blob: Int(blob))
        return (layout, tableLayout, names)
    }

    /// Where the core sections are (already checked to lie inside the buffer).
    struct Layout {
        let base: UnsafeRawPointer
        let count: Int, listCount: Int, blobSize: Int
        let index: Int, sparse: Int, records: Int, blob: Int
    }

    /// Where the table sections are: after the blob, in this order, each at
    /// the next multiple of 8 (docs/lexicon.md). Sizes follow from the entry
    /// count and the header's row, 2-group and 3-group counts; offsets are
    /// absolute.
    struct TableLayout {
        let rowCount: Int, pairCount: Int, tripleCount: Int
        /// Chunks of 64 entries: ceil(N / 64).
        let chunks: Int
        let pairBits: Int, pairCounts: Int, rows: Int, pairChildren: Int, tripleStarts: Int
        let rowOf: Int, chunkFirst: Int, tripleBytes: Int
        /// One past the last table byte: the end of the file.
        let end: Int

        /// nil if there are more rows than first bytes (256) or the tables
        /// would end past `limit`. The arguments are below 2^33, so nothing
        /// overflows in UInt64, and every result is at most `limit`.
        init?(after blobEnd: UInt64, entryCount n: UInt64, rowCount: UInt64, pairCount: UInt64,
              tripleCount: UInt64, limit: UInt64) {
            guard rowCount <= 256, limit <= UInt64(Int.max) else { return nil }
            func align8(_ x: UInt64) -> UInt64 { (x + 7) & ~7 }
            let chunks = (n + 63) / 64
            let pairBits = align8(blobEnd)
            let pairCounts = align8(pairBits + 8 * chunks)
            let rows = align8(pairCounts + 4 * chunks)
            let pairChildren = align8(rows + 4 * 257 * rowCount)
            let tripleStarts = align8(pairChildren + 4 * (pairCount + 1))
            let rowOf = align8(tripleStarts + 4 * (tripleCount + 1))
            let chunkFirst = align8(rowOf + 2 * 256)
            let tripleBytes = align8(chunkFirst + chunks + 1)
            let end = tripleBytes + tripleCount + 8
            guard end <= limit else { return nil }
            self.rowCount = Int(rowCount)
            self.pairCount = Int(pairCount)
            self.tripleCount = Int(tripleCount)
            self.chunks = Int(chunks)
            self.pairBits = Int(pairBits)
            self.pairCounts = Int(pairCounts)
            self.rows = Int(rows)
            self.pairChildren = Int(pairChildren)
            self.tripleStarts = Int(tripleStarts)
            self.rowOf = Int(rowOf)
            self.chunkFirst = Int(chunkFirst)
            self.tripleBytes = Int(tripleBytes)
            self.end = Int(end)
        }
    }

    /// The table sections as the file stores them: the bytes from `start`
    /// (the end of the blob) to `layout.end`, little-endian, padding zero.
    private static func tableBytes(_ tables: Tables, _ layout: TableLayout, from start: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: layout.end &- start)
        func put<T: FixedWidthInteger>(_ values: UnsafeMutablePointer<T>, _ count: Int, at offset: Int) {
            var at = offset &- start
            for k in 0..<count {
                let value = values[k]
                for byte in 0..<T.bitWidth / 8 {
                    out[at] = UInt8(truncatingIfNeeded: value >> (8 &* byte))
                    at &+= 1
                }
            }
        }
        put(tables.pairBits, layout.chunks, at: layout.pairBits)
        put(tables.pairCounts, layout.chunks, at: layout.pairCounts)
        put(tables.rows, 257 &* layout.rowCount, at: layout.rows)
        put(tables.pairChildren.pointer, layout.pairCount &+ 1, at: layout.pairChildren)
        put(tables.tripleStarts.pointer, layout.tripleCount &+ 1, at: layout.tripleStarts)
        put(tables.rowOf, 256, at: layout.rowOf)
        put(tables.chunkFirst, layout.chunks &+ 1, at: layout.chunkFirst)
        put(tables.tripleBytes.pointer, layout.tripleCount &+ 8, at: layout.tripleBytes)
        return out
    }

    /// For `LexiconBuilder`: the table sections of a lexicon whose core
    /// sections (header fields but the table counts, names, index, sparse
    /// offsets, records, blob) are in `core`, computed by the code that
    /// validates them. Returns the counts for the header and the bytes that
    /// follow the blob, or nil if the core does not validate.
    static func tableSections(core: UnsafeRawBufferPointer, _ layout: Layout, limit: UInt64)
        -> (rowCount: Int, pairCount: Int, tripleCount: Int, bytes: [UInt8])? {
        let blobEnd = layout.blob &+ layout.blobSize
        guard core.count == blobEnd, let tables = validateCore(layout),
              let tableLayout = TableLayout(after: UInt64(blobEnd), entryCount: UInt64(layout.count),
                                            rowCount: UInt64(tables.rowCount), pairCount: UInt64(tables.pairCount),
                                            tripleCount: UInt64(tables.tripleCount), limit: limit)
        else { return nil }
        return (tables.rowCount, tables.pairCount, tables.tripleCount, tableBytes(tables, tableLayout, from: blobEnd))
    }

    /// What validation tracks off its main path: the first byte of the
    /// current words, its row and the next slot to fill, and the 2-groups.
    private struct Progress {
        var first = -1
        var row = -1
        var next = 0
        var pairs = 0
    }

    /// Checks the front-coded entries of `layout` and builds the tables;
    /// nil if anything is off.
    ///
    /// The blob is decoded once into a heap copy of the core sections laid
    /// out as if every word were stored whole (index, sparse offsets of the
    /// whole words, records, the words back to back), checking on the way
    /// what only the encoding can get wrong: the file's sparse offsets, each
    /// shared-prefix length (0 at a block start, at most the previous word's
    /// length, less than the word's own), every suffix inside the blob, the
    /// encoded sizes adding up to the blob size. `validateEntries` then checks
    /// the words themselves on the copy (records, order, index) and builds
    /// the tables, which do not point into it.
    private static func validateCore(_ layout: Layout) -> Tables? {
        let n = layout.count
        let base = layout.base
        let blobSize = layout.blobSize
        // The whole words' total size: at most 31 per entry (5-bit lengths).
        var wholeSize = 0
        for i in 0..<n { wholeSize &+= Int(readU32(base, layout.records &+ 4 &* i) >> 27) }
        let sparseCount = (n &+ 7) >> 3
        let index = 0
        let sparse = 4 &* indexEntries
        let records = sparse &+ 4 &* sparseCount
        let blob = records &+ 4 &* n
        let size = blob &+ wholeSize
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 8)
        defer { copy.deallocate() }
        copy.copyMemory(from: base + layout.index, byteCount: 4 &* indexEntries)
        copy.advanced(by: records).copyMemory(from: base + layout.records, byteCount: 4 &* n)
        let source = base + layout.blob
        let words = copy + blob
        var offset = 0, whole = 0, previous = 0
        var i = 0
        while i < n {
            if i & 7 == 0 {
                guard Int(readU32(base, layout.sparse &+ 4 &* (i >> 3))) == offset else { return nil }
                copy.storeBytes(of: UInt32(truncatingIfNeeded: whole).littleEndian, toByteOffset: sparse &+ 4 &* (i >> 3),
                                as: UInt32.self)
                previous = 0
            }
            let length = Int(readU32(base, layout.records &+ 4 &* i) >> 27)
            guard offset < blobSize else { return nil }
            let shared = Int(source.load(fromByteOffset: offset, as: UInt8.self))
            guard shared <= previous, shared < length else { return nil }
            let suffix = length &- shared
            guard suffix <= blobSize &- offset &- 1 else { return nil }
            // The shared prefix is the previous whole word's start, just before.
            (words + whole).copyMemory(from: words + (whole &- previous), byteCount: shared)
            (words + (whole &+ shared)).copyMemory(from: source + (offset &+ 1), byteCount: suffix)
            whole &+= length
            offset &+= 1 &+ suffix
            previous = length
            i &+= 1
        }
        guard offset == blobSize else { return nil }
        return validateEntries(Layout(base: UnsafeRawPointer(copy), count: n, listCount: layout.listCount,
                                      blobSize: wholeSize, index: index, sparse: sparse, records: records, blob: blob))
    }

    /// Checks the entries of a core whose words are stored whole (what
    /// `validateCore` decodes) and builds the tables; nil if anything is off.
    ///
    /// Written for speed: it runs when `builtIn` is first used, and must
    /// stay well under 1 ms for ~160k entries. Two passes, each a tight loop:
    /// `checkRecords` over the records and sparse table (after it, every
    /// word is known to lie inside the blob), then `scanWords` over the
    /// words, for their order and the tables.
    private static func validateEntries(_ layout: Layout) -> Tables? {
        let base = layout.base
        // One row per first byte that the (not yet checked) index says is in
        // use; if the index lies, the checks reject the buffer before a word
        // with an unlisted first byte can touch the rows.
        func inUse(_ b: Int) -> Bool {
            readU32(base, layout.index &+ 4 &* b) < readU32(base, layout.index &+ 4 &* (b &+ 1))
        }
        var rowCount = 0
        for b in 0..<256 where inUse(b) { rowCount &+= 1 }
        let tables = Tables(entryCount: layout.count, rowCount: rowCount)
        var row = 0
        for b in 0..<256 {
            tables.rowOf[b] = inUse(b) ? UInt16(truncatingIfNeeded: row) : 0xFFFF
            if inUse(b) { row &+= 1 }
        }
        guard checkRecords(layout, tables) else { return nil }
        // For each word length L (0–31), words 4L ..< 4L + 4 of this table:
        // the masks that keep its first min(L, 15) bytes in the two halves of
        // its key, its length tag (see `orderKey`), and the mask of key bytes
        // 0–2 if it has 3 bytes, else 0 (see `scanRange`).
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 128) { keyParts in
            guard let keyParts = keyParts.baseAddress else { return nil }
            for length in 0..<32 {
                let bits = min(length, 15) &* 8
                keyParts[4 &* length] = bits == 0 ? 0 : UInt64.max &<< UInt64(64 &- min(bits, 64))
                keyParts[4 &* length &+ 1] = bits <= 64 ? 0 : UInt64.max &<< UInt64(128 &- bits)
                keyParts[4 &* length &+ 2] = UInt64(min(length, 16))
                keyParts[4 &* length &+ 3] = length >= 3 ? 0xFFFF_FF00_0000_0000 : 0
            }
            return scanWords(layout, tables, keyParts: UnsafePointer(keyParts)) ? tables : nil
        }
    }

    /// Pass 1: every record has a length of 1–31, a rank >= 1 and a known
    /// list; the sparse table holds the offset of every 8th word; the
    /// lengths add up to the blob size. Reads no word: the blob is first
    /// touched by the next pass, which streams through it.
    ///
    /// Branch-free within a block of 8 records: each record's flaws show as
    /// bit 31 of a difference that wraps around (length - 1, rank - 1,
    /// lists - 1 - list), all OR-ed together, so the compiler vectorizes it.
    private static func checkRecords(_ layout: Layout, _ tables: Tables) -> Bool {
        let n = layout.count
        let records = layout.base + layout.records
        let lastList = UInt32(truncatingIfNeeded: layout.listCount) &- 1
        var offset = 0
        var flaws: UInt32 = 0
        var i = 0
        while i < n {
            // Entry i = 8k starts block k.
            let expected = readU32(layout.base, layout.sparse &+ (i >> 3) &* 4)
            guard Int(expected) == offset else { return false }
            let block = records + i &* 4
            let count = min(n &- i, 8)
            var lengths: UInt32 = 0
            if count == 8 {
                for k in 0..<8 {
                    let record = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: k &* 4, as: UInt32.self))
                    flaws |= ((record & 0x7F_FFFF) &- 1) | ((record >> 27) &- 1) | (lastList &- ((record >> 23) & 0xF))
                    lengths &+= record >> 27
                }
            } else {
                for k in 0..<count {
                    let record = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: k &* 4, as: UInt32.self))
                    flaws |= ((record & 0x7F_FFFF) &- 1) | ((record >> 27) &- 1) | (lastList &- ((record >> 23) & 0xF))
                    lengths &+= record >> 27
                }
            }
            offset &+= Int(lengths)
            i &+= count
        }
        return flaws & 0x8000_0000 == 0 && offset == layout.blobSize
    }

    /// Pass 2, over the words (all known to lie inside the blob): strictly
    /// ascending, the first-byte index right; builds the rows and groups.
    ///
    /// The loop (`scanRange`) does what every entry needs with no calls and
    /// no unpredictable branches, so its state stays in registers: each word
    /// becomes a 128-bit key (`orderKey`), and one comparison with the
    /// previous key proves order; how many leading bytes the two keys share
    /// says whether the entry starts a 3-group, which is appended without
    /// branching (every entry writes the next slot, only a start advances
    /// the count). What is rare is only noted: the entries whose key does
    /// not prove order (ties, or disorder) and those that start a first byte
    /// or a 2-group. `finishNotes` then handles them in entry order (full
    /// comparison, rows, first-byte index, 2-groups).
    private static func scanWords(_ layout: Layout, _ tables: Tables, keyParts: UnsafePointer<UInt64>) -> Bool {
        let n = layout.count
        let blobSize = layout.blobSize
        let blob = layout.base + layout.blob
        // The words from `tail` on start in the blob's last 16 bytes, where
        // `orderKey` cannot read 16 bytes; `last` counts those bytes.
        var tail = n
        var last = 0
        while tail > 0 && last < 16 {
            tail &-= 1
            last &+= Int(readU32(layout.base, layout.records &+ 4 &* tail) >> 27)
        }
        if last >= 16 {
            last &-= Int(readU32(layout.base, layout.records &+ 4 &* tail) >> 27)
            tail &+= 1
        }
        // The entries to look at again after the loop (see `scanRange`).
        var notes = Growable<UInt32>(capacity: n / 64 &+ chunk)
        defer { notes.pointer.deallocate() }
        var state = ScanState()
        scanRange(&state, 0, tail, words: blob, layout, tables, &notes, keyParts)
        if tail < n {
            // Those bytes, copied with zeros after them, so the same loop can
            // read 16 bytes at each of their words.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { copy in
                guard let copy = copy.baseAddress else { return }
                copy.initialize(repeating: 0, count: 32)
                copy.update(from: blob.assumingMemoryBound(to: UInt8.self) + (blobSize &- last), count: last)
                scanRange(&state, tail, n, words: UnsafeRawPointer(copy), layout, tables, &notes, keyParts)
            }
        }
        return finishNotes(state, UnsafePointer(notes.pointer), layout, tables)
    }

    /// What `scanRange` carries from entry to entry (and from the main part
    /// to the tail).
    private struct ScanState {
        /// Below every real key (their low byte is >= 1); its tag, 0, makes
        /// the first word share nothing with it.
        var previousKey: UInt128 = 0
        var triples = 0, notes = 0
    }

    /// The loop of `scanWords` over entries `first..<end`, the first of
    /// which starts at `words`. Makes room in the arrays every `chunk`
    /// entries (each entry adds at most one element to each).
    private static func scanRange(_ state: inout ScanState, _ first: Int, _ end: Int, words: UnsafeRawPointer,
                                  _ layout: Layout, _ tables: Tables, _ noteList: inout Growable<UInt32>,
                                  _ keyParts: UnsafePointer<UInt64>) {
        let records = layout.base + layout.records
        var previousKey = state.previousKey
        var triples = state.triples, noted = state.notes
        var word = words
        // The arrays, in locals: the class's properties are only touched to
        // grow them (each access to them costs an exclusivity check).
        var tripleStarts = tables.tripleStarts.pointer
        var tripleBytes = tables.tripleBytes.pointer
        var notes = noteList.pointer
        var tripleRoom = min(tables.tripleStarts.capacity, tables.tripleBytes.capacity)
        var i = first
        while i < end {
            // Room for this chunk's groups, plus the sentinel and padding.
            if triples &+ chunk &+ 16 > tripleRoom {
                tables.tripleStarts.reserve(triples &+ chunk &+ 16, keeping: triples)
                tables.tripleBytes.reserve(triples &+ chunk &+ 16, keeping: triples)
                tripleStarts = tables.tripleStarts.pointer
                tripleBytes = tables.tripleBytes.pointer
                tripleRoom = min(tables.tripleStarts.capacity, tables.tripleBytes.capacity)
            }
            if noted &+ chunk > noteList.capacity {
                noteList.reserve(noted &+ chunk, keeping: noted)
                notes = noteList.pointer
            }
            let stop = min(i &+ chunk, end)
            // Moving write positions rather than base + count: fewer live
            // values, so the loop's state stays in registers.
            var startsAt = tripleStarts + triples
            var bytesAt = tripleBytes + triples
            while i < stop {
                let length = Int(readU32(records, 4 &* i) >> 27)
                let parts = keyParts + 4 &* length
                let key = orderKey(word, parts)
                // The key bits where this word and the previous one differ
                // in their first 8 bytes, zero padded, plus those of the bytes
                // the previous word lacks. (Its key's tag, min(length, 16),
                // picks the mask of its first min(length, 8) bytes as well as
                // its length would.) So the words share k bytes iff the top
                // 8k bits are clear.
                let head = UInt64(truncatingIfNeeded: key >> 64)
                let previousMask = keyParts[4 &* Int(truncatingIfNeeded: previousKey & 0xFF)]
                let differ = (head ^ UInt64(truncatingIfNeeded: previousKey >> 64)) | ~previousMask
                // A larger key proves order (see `orderKey`). If it does not,
                // or the entry starts a first byte or 2-group (shares fewer
                // than 2 bytes), note it (rare).
                if key <= previousKey || differ >> 48 != 0 {
                    notes[noted] = UInt32(truncatingIfNeeded: i)
                    noted &+= 1
                }
                // The entry starts a 3-group iff it has 3 bytes and shares
                // fewer than 3 with the previous word: some bit of its mask of
                // bytes 0–2 (0 if it is shorter) is set in `differ`.
                startsAt.pointee = UInt32(truncatingIfNeeded: i)
                bytesAt.pointee = UInt8(truncatingIfNeeded: head >> 40)
                let inTriple = differ & parts[3]
                let starts = Int(truncatingIfNeeded: (inTriple | (0 &- inTriple)) >> 63)
                startsAt += starts
                bytesAt += starts
                previousKey = key
                word += length
                i &+= 1
            }
            triples = startsAt - tripleStarts
        }
        state = ScanState(previousKey: previousKey, triples: triples, notes: noted)
    }

    /// The rest of `scanWords`: the noted entries in order (full comparison
    /// with the previous word; first byte and 2-group bookkeeping), the
    /// remaining index and row slots, sentinels, the 2-group counts.
    private static func finishNotes(_ state: ScanState, _ notes: UnsafePointer<UInt32>, _ layout: Layout,
                                     _ tables: Tables) -> Bool {
        let n = layout.count
        let blob = layout.base + layout.blob
        let triples = state.triples
        let tripleStarts = tables.tripleStarts.pointer
        var progress = Progress()
        var triplesBefore = 0   // 3-groups that start before the current entry
        for k in 0..<state.notes {
            let i = Int(notes[k])
            let length = Int(readU32(layout.base, layout.records &+ 4 &* i) >> 27)
            let word = blob + blobOffset(layout, i)
            // The first two bytes, zero padded as in the keys, and how many
            // of them the previous word shares (no more than it has).
            let x = Int(word.load(as: UInt8.self))
            let y = length >= 2 ? Int(word.load(fromByteOffset: 1, as: UInt8.self)) : 0
            var shared = 0
            if i > 0 {
                let previousLength = Int(readU32(layout.base, layout.records &+ 4 &* (i &- 1)) >> 27)
                let previous = word - previousLength
                guard ascending(previous, previousLength, word, length, layout.blobSize &- (word - blob)) else {
                    return false
                }
                let px = Int(previous.load(as: UInt8.self))
                let py = previousLength >= 2 ? Int(previous.load(fromByteOffset: 1, as: UInt8.self)) : 0
                shared = min(px != x ? 0 : py != y ? 1 : 2, previousLength)
            }
            guard shared < 2 else { continue }   // (noted for its key only)
            while triplesBefore < triples && Int(tripleStarts[triplesBefore]) < i {
                triplesBefore &+= 1
            }
            guard startPair(&progress, entry: i, shared: shared, length: length, first: x, second: y,
                            triples: triplesBefore, layout, tables)
            else { return false }
        }
        // Close the last row, check the rest of the index.
        if progress.row >= 0 {
            fillRow(tables.rows, progress.row, from: progress.next, through: 256, with: n)
        }
        guard checkIndex(layout.base, layout.index, from: progress.first &+ 1, through: 256, equals: n) else {
            return false
        }
        // The first byte of every 64th entry, from the (now checked) index.
        let chunks = (n &+ 63) >> 6
        var x = 0
        for k in 0..<chunks {
            while x < 255 && Int(readU32(layout.base, layout.index &+ 4 &* (x &+ 1))) <= k << 6 { x &+= 1 }
            tables.chunkFirst[k] = UInt8(truncatingIfNeeded: x)
        }
        tables.chunkFirst[chunks] = 255
        // Sentinels and padding (the arrays have room: see `scanRange`).
        tables.pairChildren.reserve(progress.pairs &+ 1, keeping: progress.pairs)
        tables.pairChildren.pointer[progress.pairs] = UInt32(truncatingIfNeeded: triples)
        tripleStarts[triples] = UInt32(truncatingIfNeeded: n)
        (tables.tripleBytes.pointer + triples).initialize(repeating: 0, count: 8)
        // Each chunk's count of 2-groups before it.
        var before: UInt32 = 0
        var w = 0
        while w < (n &+ 63) >> 6 {
            tables.pairCounts[w] = before
            before &+= UInt32(truncatingIfNeeded: tables.pairBits[w].nonzeroBitCount)
            w &+= 1
        }
        tables.pairCount = progress.pairs
        tables.tripleCount = triples
        return true
    }

    /// Blob offset of entry `entry` while validating (records and sparse
    /// table already checked): every 8th offset is stored, the lengths of at
    /// most 7 predecessors fill the gap.
    private static func blobOffset(_ layout: Layout, _ entry: Int) -> Int {
        var offset = Int(readU32(layout.base, layout.sparse &+ 4 &* (entry >> 3)))
        var k = entry & ~7
        while k < entry {
            offset &+= Int(readU32(layout.base, layout.records &+ 4 &* k) >> 27)
            k &+= 1
        }
        return offset
    }

    /// An entry that shares fewer than 2 bytes with the previous word. If it
    /// starts a new first byte x (`shared` == 0): close the previous row,
    /// check the first-byte index up to x, open x's row. If it has 2 bytes
    /// (x, y), it starts the 2-group (x, y): fill the row's slots up to y,
    /// and record the group (its bit, its first 3-group).
    private static func startPair(_ progress: inout Progress, entry i: Int, shared: Int, length: Int,
                                  first: Int, second: Int, triples: Int, _ layout: Layout, _ tables: Tables) -> Bool {
        if shared == 0 {
            if progress.row >= 0 {
                fillRow(tables.rows, progress.row, from: progress.next, through: 256, with: i)
            }
            // index[b] for progress.first < b <= first is "first entry with
            // first byte >= b", which is this entry. (Order is checked up to
            // here, so `first` only grows.)
            guard checkIndex(layout.base, layout.index, from: progress.first &+ 1, through: first, equals: i) else {
                return false
            }
            let row = Int(tables.rowOf[first])
            // The index passed, so it lists `first` as in use: it has a row.
            guard row != 0xFFFF else { return false }
            progress.first = first
            progress.row = row
            progress.next = 0
        }
        guard progress.row >= 0 else { return false }
        // A one-byte word "x" starts no 2-group and fills no slot: it sorts
        // below (x, 0).
        guard length >= 2 else { return true }
        fillRow(tables.rows, progress.row, from: progress.next, through: second, with: i)
        progress.next = max(progress.next, second &+ 1)
        tables.pairChildren.reserve(progress.pairs &+ 2, keeping: progress.pairs)
        tables.pairChildren.pointer[progress.pairs] = UInt32(truncatingIfNeeded: triples)
        progress.pairs &+= 1
        tables.pairBits[i >> 6] |= UInt64(1) &<< UInt64(truncatingIfNeeded: i & 63)
        return true
    }

    /// rows[257 row + s] = value for from <= s <= through (<= 256).
    private static func fillRow(_ rows: UnsafeMutablePointer<UInt32>, _ row: Int, from: Int, through: Int, with value: Int) {
        var s = from
        while s <= through {
            rows[257 &* row &+ s] = UInt32(truncatingIfNeeded: value)
            s &+= 1
        }
    }

    /// True when index[b] == value for every b in from...through (an empty
    /// span is fine). Bounds: 0 <= from, through <= 256.
    private static func checkIndex(_ base: UnsafeRawPointer, _ indexStart: Int, from: Int, through: Int, equals value: Int) -> Bool {
        var b = from
        while b <= through {
            guard Int(readU32(base, indexStart &+ 4 &* b)) == value else { return false }
            b &+= 1
        }
        return true
    }

    /// A 128-bit key whose order agrees with word order wherever it differs:
    /// the word's first 15 bytes, zero-padded, big-endian in the top 120 bits,
    /// and min(length, 16) in the low byte. Keys differ in the prefix → that
    /// decides; equal prefixes with a word under 16 bytes → it is a prefix of
    /// the other, and the length byte puts it first; equal keys → undecided
    /// (two words of 16+ bytes sharing 15, or a duplicate). `parts` are the
    /// word length's masks and tag (see `validateEntries`). Reads 16
    /// bytes at `word` (`scanWords` copies the last words to make room).
    @inline(__always)
    private static func orderKey(_ word: UnsafeRawPointer, _ parts: UnsafePointer<UInt64>) -> UInt128 {
        let high = UInt64(bigEndian: word.loadUnaligned(as: UInt64.self)) & parts[0]
        let low = UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & parts[1]
        return UInt128(high) &<< 64 | UInt128(low | parts[2])
    }

    /// True when word A (`aLength` bytes at `a`) sorts strictly before word B
    /// (`bLength` bytes at `b`, after A in the blob, with `rest` blob bytes
    /// from `b` on): bytewise, shorter prefix first, so equal words fail too.
    /// Compares 8 bytes at a time (big-endian loads make integer order equal
    /// byte order) while 8 bytes remain after B's position, A's being earlier.
    private static func ascending(_ a: UnsafeRawPointer, _ aLength: Int,
                                  _ b: UnsafeRawPointer, _ bLength: Int, _ rest: Int) -> Bool {
        let common = min(aLength, bLength)
        var k = 0
        while k < common {
            if k &+ 8 <= rest {
                let x = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: k, as: UInt64.self))
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
            let x = a.load(fromByteOffset: k, as: UInt8.self)
            let y = b.load(fromByteOffset: k, as: UInt8.self)
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

    /// Given a range of entries that all share their first `depth` bytes, the sub-range whose byte at `depth` equals `byte` (entries of length exactly `depth` are excluded). Table lookups at depths 0–2, a scan or binary search deeper. Must be fast: this is the hot path of password matching.
    ///
    /// A range outside `all` is clamped to it. If the precondition on the
    /// shared prefix does not hold the answer is meaningless but still a
    /// valid (possibly empty) sub-range; nothing traps.
    ///
    /// How (see `Tables`): depth 0 reads the first-byte index, depth 1 a row
    /// of the two-byte table. At depth 2, a range that starts where its
    /// 2-group starts (every range `narrow` returns does) finds the group
    /// with a popcount, and the wanted 3-group among the group's by
    /// comparing 8 bytes at once. Otherwise (deeper, or a range cut
    /// elsewhere), ranges of up to 16 entries are scanned, larger ones
    /// binary searched over the blocks of 8.
    public func narrow(_ range: Range<Int>, depth: Int, byte: UInt8) -> Range<Int> {
        var lower = min(max(range.lowerBound, 0), entryCount)
        let upper = min(max(range.upperBound, lower), entryCount)
        guard let base, lower < upper, depth >= 0, depth < Lexicon.maxWordLength else {
            return Range(uncheckedBounds: (lower, lower))
        }
        let target = Int(byte)
        if depth < 2 {
            let first: Int, end: Int
            if depth == 0 {
                // index[b]..<index[b+1] are exactly the words starting with `byte`.
                first = firstByteIndex(base, target)
                end = firstByteIndex(base, target &+ 1)
            } else {
                // The range's first byte x is that of entry `lower`, at most
                // that of the next chunk's first entry; the first-byte index
                // says how far down (in the usual call `lower` starts x's
                // words, which continue into the next chunk: not at all).
                var x = Int(chunkFirst[(lower >> 6) &+ 1])
                while x > 0 && firstByteIndex(base, x) > lower { x &-= 1 }
                let row = Int(rowOf[x])
                // Entry `lower` starts with x, so x has a row; but be safe.
                guard row != 0xFFFF else { return Range(uncheckedBounds: (lower, lower)) }
                let slot = 257 &* row &+ target
                first = Int(rows[slot])
                end = Int(rows[slot &+ 1])
            }
            let from = min(max(first, lower), upper)
            let to = min(max(end, from), upper)
            return Range(uncheckedBounds: (from, to))
        }
        if depth == 2 {
            // Does `lower` start a 2-group? Then that group is the range's
            // (under the precondition), and the tables list its 3-groups.
            // (Every range `narrow` returns at depth 1 starts so.)
            let w = lower >> 6
            let bits = pairBits[w]
            let bit = UInt64(1) &<< UInt64(truncatingIfNeeded: lower & 63)
            if bits & bit != 0 {
                let group = Int(pairCounts[w]) &+ (bits & (bit &- 1)).nonzeroBitCount
                return child(target, in: Int(pairChildren[group]), Int(pairChildren[group &+ 1]), lower, upper)
            }
        }

        // The key of an entry is its byte at `depth`, or -1 if it ends there
        // (it then sorts first among the entries sharing the prefix). Over a
        // range that honours the precondition the key is non-decreasing, so
        // the answer is [first key >= byte, first key > byte).
        // Under the precondition only the first entry can end at `depth` (it
        // is the shared prefix itself). Skipping it here lets the block search
        // read keys without checking lengths.
        if recordLength(base, lower) <= depth { lower &+= 1 }
        if lower == upper { return Range(uncheckedBounds: (lower, lower)) }
        if upper &- lower <= Lexicon.linearLimit {
            // Small ranges (most calls past depth 3): one sequential scan,
            // which beats binary search when offsets must be summed anyway.
            let (below, notAbove) = countKeys(base, lower, upper, depth, target)
            return Range(uncheckedBounds: (lower &+ below, lower &+ notAbove))
        }
        return searchBlocks(base, lower, upper, depth, target)
    }

    /// Ranges up to this size are scanned rather than searched.
    static let linearLimit = 16

    /// The 3-group with byte 2 `target` among the 3-groups `first..<end` of
    /// a 2-group, clamped to lower..<upper; empty if there is none.
    @inline(__always)
    private func child(_ target: Int, in first: Int, _ end: Int, _ lower: Int, _ upper: Int) -> Range<Int> {
        let j = Lexicon.position(of: target, in: first, end, bytes: tripleBytes)
        let from = min(max(Int(tripleStarts[j]), lower), upper)
        guard j < end, Int(tripleBytes[j]) == target else { return Range(uncheckedBounds: (from, from)) }
        // The next start is the next sibling's, or (last child) one at or
        // past the 2-group's end, which is >= upper under the precondition.
        let to = min(max(Int(tripleStarts[j &+ 1]), from), upper)
        return Range(uncheckedBounds: (from, to))
    }

    /// The first of `first..<end` whose byte (ascending in `bytes`) is >=
    /// `target`, or `end`.
    ///
    /// The bytes are compared 8 at a time (SWAR: an unsigned per-byte "less
    /// than" on a 64-bit word) and the lanes below `target` counted. A
    /// 2-group has 9 3-groups on average, so this is usually one step.
    @inline(__always)
    private static func position(of target: Int, in first: Int, _ end: Int, bytes: UnsafePointer<UInt8>) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        let wanted = UInt64(truncatingIfNeeded: target) &* 0x0101_0101_0101_0101
        var j = first
        while j < end {
            // Little-endian: lane k is bytes[j + k]. The arrays end with 8
            // bytes of padding, so the load stays inside.
            let x = UInt64(littleEndian: UnsafeRawPointer(bytes + j).loadUnaligned(as: UInt64.self))
            // Per lane: the high bit of (x | 0x80) - (wanted & 0x7F) is set
            // iff x's low 7 bits >= wanted's (no borrow crosses lanes);
            // combined with the top bits it gives x < wanted.
            let difference = (x | high) &- (wanted & ~high)
            let less = ((~x & wanted) | (~(x ^ wanted) & ~difference)) & high
            let remaining = end &- j
            let lanes = remaining >= 8 ? high : high & ((UInt64(1) &<< UInt64(truncatingIfNeeded: 8 &* remaining)) &- 1)
            let counted = less & lanes
            j &+= counted.nonzeroBitCount
            // Ascending bytes: once one lane is not below, none after is.
            if counted != lanes || remaining <= 8 { break }
        }
        return j
    }

    /// narrow() for ranges of more than 16 entries (none ending at `depth`).
    ///
    /// Two branch-free binary searches, run side by side, over the block
    /// starts in the range (entries 8k, at least two, whose blob offsets the
    /// sparse table gives): the first block start whose key is >= `target`,
    /// and the first whose key is > `target`. Each answer then lies among the
    /// at most 7 entries before the block start found, which `countKeys`
    /// settles.
    private func searchBlocks(_ base: UnsafeRawPointer, _ lower: Int, _ upper: Int, _ depth: Int, _ target: Int) -> Range<Int> {
        let firstBlock = (lower &+ 7) >> 3
        let endBlock = ((upper &- 1) >> 3) &+ 1
        var low = firstBlock, high = firstBlock
        var count = endBlock &- firstBlock
        let blobEnd = blobSize
        // `(key - threshold) >> 63` is -1 when key < threshold, else 0, so each
        // step adds `half` or nothing with no branch to mispredict (written
        // as arithmetic: the compiler turns a `?:` here back into a jump).
        while count > 1 {
            let half = count >> 1
            low &+= half & ((blockKey(base, low &+ half, depth, blobEnd) &- target) >> 63)
            high &+= half & ((blockKey(base, high &+ half, depth, blobEnd) &- target &- 1) >> 63)
            count &-= half
        }
        low &-= (blockKey(base, low, depth, blobEnd) &- target) >> 63
        high &-= (blockKey(base, high, depth, blobEnd) &- target &- 1) >> 63
        // Block starts before block `low` are below the target, block low's
        // (if any) is not: the first entry >= target lies after the previous
        // block start, at or before block low's start. Same for `high`.
        let fromStart = low == firstBlock ? lower : (low &- 1) &* 8 &+ 1
        let fromEnd = low == endBlock ? upper : low &* 8
        if low == high {
            let (below, notAbove) = countKeys(base, fromStart, fromEnd, depth, target)
            return Range(uncheckedBounds: (fromStart &+ below, fromStart &+ notAbove))
        }
        let toStart = high == firstBlock ? lower : (high &- 1) &* 8 &+ 1
        let toEnd = high == endBlock ? upper : high &* 8
        let from = fromStart &+ countKeys(base, fromStart, fromEnd, depth, target).below
        // (high < low only if the precondition is broken; the range stays valid.)
        let to = max(toStart &+ countKeys(base, toStart, toEnd, depth, target).notAbove, from)
        return Range(uncheckedBounds: (from, to))
    }

    /// Over entries start..<end (within `all`): how many have a key below
    /// `target`, and how many have one not above it. For a run of
    /// non-decreasing keys these are where the run of `target` keys starts
    /// and ends. No early exit, and no branch on the data: the counts are
    /// sign bits.
    ///
    /// The words are front-coded, so the walk starts at the block start
    /// before `start` (whose word is stored whole) and follows only the byte
    /// at `depth`: an entry that shares more than `depth` bytes with the
    /// previous word has the previous key, any other has its suffix byte, or
    /// -1 when it is too short. Every blob read is clamped to the blob (a
    /// no-op for a validated lexicon; it keeps a trusted one's reads inside
    /// whatever its records and shared-prefix bytes say).
    @inline(__always)
    private func countKeys(_ base: UnsafeRawPointer, _ start: Int, _ end: Int, _ depth: Int,
                           _ target: Int) -> (below: Int, notAbove: Int) {
        guard start < end else { return (0, 0) }
        let blob = base + blobStart
        let records = base + recordsStart
        touch(sparseStart &+ 4 &* (start >> 3), 4)
        var offset = Int(Lexicon.readU32(base, sparseStart &+ 4 &* (start >> 3)))
        // Blob size >= 1 here: the range holds an entry (see `init?(trusting:)`).
        let lastByte = UInt(bitPattern: blobSize &- 1)
        var key = -1
        var i = start & ~7
        touch(recordsStart &+ 4 &* i, 4 &* (end &- i))
        // The entries of the block before `start`: their keys only.
        while i < start {
            let length = Int(UInt32(littleEndian: records.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) >> 27)
            key = nextKey(blob, offset, length, depth, key, lastByte)
            offset &+= 1 &+ length &- min(Int(blob.load(fromByteOffset: Int(bitPattern: min(UInt(bitPattern: offset), lastByte)),
                                                         as: UInt8.self)), length)
            i &+= 1
        }
        var below = 0, notAbove = 0
        while i < end {
            let length = Int(UInt32(littleEndian: records.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) >> 27)
            key = nextKey(blob, offset, length, depth, key, lastByte)
            below &+= Int(bitPattern: UInt(bitPattern: key &- target) >> 63)
            notAbove &+= Int(bitPattern: UInt(bitPattern: key &- target &- 1) >> 63)
            offset &+= 1 &+ length &- min(Int(blob.load(fromByteOffset: Int(bitPattern: min(UInt(bitPattern: offset), lastByte)),
                                                         as: UInt8.self)), length)
            i &+= 1
        }
        return (below, notAbove)
    }

    /// The key (byte at `depth`, or -1 if the word is shorter) of the entry
    /// of `length` bytes encoded at blob offset `offset`, given the previous
    /// entry's key `previous`: the shared-prefix byte says whether the byte
    /// at `depth` is the previous word's or the suffix's. Reads clamped to
    /// `lastByte`. (Also the one place `countKeys` touches the blob: the
    /// shared-prefix byte it reads again to advance is the one read here.)
    @inline(__always)
    private func nextKey(_ blob: UnsafeRawPointer, _ offset: Int, _ length: Int, _ depth: Int, _ previous: Int,
                         _ lastByte: UInt) -> Int {
        let sharedAt = Int(bitPattern: min(UInt(bitPattern: offset), lastByte))
        touch(blobStart &+ sharedAt, 1)
        let shared = Int(blob.load(fromByteOffset: sharedAt, as: UInt8.self))
        let at = Int(bitPattern: min(UInt(bitPattern: offset &+ 1 &+ depth &- shared), lastByte))
        touch(blobStart &+ at, 1)
        let byte = Int(blob.load(fromByteOffset: at, as: UInt8.self))
        let fits = (depth &- length) >> 63          // -1 when depth < length
        let own = (byte & fits) | ~fits              // the suffix's byte, or -1
        let inherits = (depth &- shared) >> 63       // -1 when depth < shared
        return (previous & inherits) | (own & ~inherits)
    }

    /// The search key of the entry starting block `block` (its byte at
    /// `depth`; the first word of a block is stored whole, after its
    /// shared-prefix byte), read without looking at its length: narrow() has
    /// already skipped the one entry that may end at `depth`, so under its
    /// precondition the byte is the word's own; if the precondition is broken
    /// it is merely some byte of the blob, and `blobEnd` keeps the read inside.
    @inline(__always)
    private func blockKey(_ base: UnsafeRawPointer, _ block: Int, _ depth: Int, _ blobEnd: Int) -> Int {
        touch(sparseStart &+ 4 &* block, 4)
        let at = Int(Lexicon.readU32(base, sparseStart &+ 4 &* block)) &+ 1 &+ depth
        guard at < blobEnd else { return -1 }
        touch(blobStart &+ at, 1)
        return Int(base.load(fromByteOffset: blobStart &+ at, as: UInt8.self))
    }

    /// index[b] of the first-byte index (b in 0...256).
    @inline(__always)
    private func firstByteIndex(_ base: UnsafeRawPointer, _ b: Int) -> Int {
        Int(Lexicon.readU32(base, indexStart &+ 4 &* b))
    }

    /// Length of entry `entry` (validated index).
    @inline(__always)
    private func recordLength(_ base: UnsafeRawPointer, _ entry: Int) -> Int {
        record(base, entry) >> 27
    }

    /// The record of entry `entry` (validated index).
    @inline(__always)
    private func record(_ base: UnsafeRawPointer, _ entry: Int) -> Int {
        touch(recordsStart &+ 4 &* entry, 4)
        return Int(Lexicon.readU32(base, recordsStart &+ 4 &* entry))
    }

    /// Length in bytes of entry `entry`'s word (1–31), or 0 for an index outside `all`.
    public func length(of entry: Int) -> Int {
        guard let base, entry >= 0, entry < entryCount else { return 0 }
        return recordLength(base, entry)
    }

    /// Rank of entry `entry`'s word in its list (1 = most common), or 0 for an index outside `all`.
    public func rank(of entry: Int) -> Int {
        guard let base, entry >= 0, entry < entryCount else { return 0 }
        return record(base, entry) & 0x7F_FFFF
    }

    /// List id of entry `entry` (an index into `listNames`), or 0 for an index outside `all`.
    public func list(of entry: Int) -> Int {
        guard let base, entry >= 0, entry < entryCount else { return 0 }
        return (record(base, entry) >> 23) & 0xF
    }

    /// The bytes of entry `entry`'s word, or `[]` for an index outside `all`.
    public func word(_ entry: Int) -> [UInt8] {
        guard let base, entry >= 0, entry < entryCount else { return [] }
        // Decoded from its block's start, whose word is stored whole, into
        // a fixed buffer (words have at most 31 bytes: the record's 5 bits).
        // Shared-prefix lengths are clamped to both words' lengths and the
        // suffix reads to the blob, so a trusted lexicon's garbage gives a
        // wrong word, never a read outside the buffer.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer -> [UInt8] in
            guard let letters = buffer.baseAddress else { return [] }
            letters.initialize(repeating: 0, count: 32)
            touch(sparseStart &+ 4 &* (entry >> 3), 4)
            var offset = Int(Lexicon.readU32(base, sparseStart &+ 4 &* (entry >> 3)))
            var length = 0
            var i = entry & ~7
            while i <= entry {
                let next = recordLength(base, i)
                guard offset < blobSize else { return [] }
                touch(blobStart &+ offset, 1)
                let shared = min(Int(base.load(fromByteOffset: blobStart &+ offset, as: UInt8.self)), next)
                let suffix = next &- shared
                guard suffix < blobSize &- offset else { return [] }
                touch(blobStart &+ offset &+ 1, suffix)
                // Bytes past the previous word's length (garbage only) are stale or zero.
                UnsafeMutableRawPointer(letters + shared).copyMemory(from: base + (blobStart &+ offset &+ 1),
                                                                     byteCount: suffix)
                length = next
                offset &+= 1 &+ suffix
                i &+= 1
            }
            return Array(UnsafeBufferPointer(start: letters, count: length))
        }
    }

    /// Calls `body` with the bytes of each word of `range`, in order, until
    /// it returns false. The words are decoded one after another from the
    /// start of the first one's block, with no allocation: for scanning a
    /// small range (what ``word(_:)`` per entry would decode again and again).
    /// The bytes are valid only during the call.
    public func forEachWord(in range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        guard let base, !range.isEmpty, range.lowerBound >= 0, range.upperBound <= entryCount else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            guard let letters = buffer.baseAddress else { return }
            letters.initialize(repeating: 0, count: 32)
            var offset = 0, length = 0
            var i = range.lowerBound & ~7
            while i < range.upperBound {
                if i & 7 == 0 {
                    touch(sparseStart &+ 4 &* (i >> 3), 4)
                    offset = Int(Lexicon.readU32(base, sparseStart &+ 4 &* (i >> 3)))
                }
                // The same decoding as word(_:): clamped, never outside the buffer.
                let next = recordLength(base, i)
                guard offset < blobSize else { return }
                touch(blobStart &+ offset, 1)
                let shared = min(Int(base.load(fromByteOffset: blobStart &+ offset, as: UInt8.self)), next)
                let suffix = next &- shared
                guard suffix < blobSize &- offset else { return }
                touch(blobStart &+ offset &+ 1, suffix)
                UnsafeMutableRawPointer(letters + shared).copyMemory(from: base + (blobStart &+ offset &+ 1),
                                                                     byteCount: suffix)
                length = next
                offset &+= 1 &+ suffix
                if i >= range.lowerBound && !body(UnsafeBufferPointer(start: letters, count: length)) { return }
                i &+= 1
            }
        }
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
        touch(0, size)
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

}
