import PasswordPolicy
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A sorted stream of records, possibly with repeated hashes.
protocol SortedRecords: AnyObject {
    /// The next records in hash order; `.outOfOrder` ends the stream early
    /// (streaming path only).
    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int) throws(BreachError) -> (count: Int, status: BatchStatus)
    /// How far through its input the stream is, 0–1, for estimates.
    var fraction: Double { get }
}

/// The external sort for unsorted input: records are gathered into a chunk
/// of bounded size, sorted in place, and spilled to a temporary file when
/// the chunk is full; the sorted runs are then merged. Memory is the chunk
/// plus the merge buffers, whatever the input size.
final class ExternalSorter {
    private let capacity: Int
    private let directory: String
    private var chunk: UnsafeMutablePointer<HashRecord>
    private var count = 0
    private(set) var runs: [RunFile] = []
    /// Records added in all.
    private(set) var added: UInt64 = 0
    /// Chunks written to temporary files.
    private(set) var spills = 0

    /// - Parameters:
    ///   - chunkRecords: Records per chunk (16 bytes each).
    ///   - directory: Where run files go; they are unlinked as soon as they
    ///     are created, so nothing is left behind, even after a crash.
    init(chunkRecords: Int, directory: String) {
        capacity = max(chunkRecords, 16)
        self.directory = directory
        chunk = .allocate(capacity: capacity)
    }

    deinit {
        chunk.deallocate()
    }

    func add(_ records: UnsafePointer<HashRecord>, count added: Int) throws(BreachError) {
        var index = 0
        while index < added {
            let room = min(capacity - count, added - index)
            (chunk + count).update(from: records + index, count: room)
            count += room
            index += room
            if count == capacity { try spill() }
        }
        self.added += UInt64(added)
    }

    /// Sorts the chunk, merges repeated hashes and writes it as a run.
    private func spill() throws(BreachError) {
        let kept = Self.sortAndMerge(chunk, count)
        let run = try RunFile(directory: directory)
        try run.append(chunk, kept)
        runs.append(run)
        spills += 1
        count = 0
    }

    /// The sorted records. The sorter must not be used afterwards.
    func finish(progress: (UInt64, UInt64) -> Void) throws(BreachError) -> SortedRecords {
        if runs.isEmpty {
            let kept = Self.sortAndMerge(chunk, count)
            return ChunkRecords(records: chunk, count: kept)
        }
        if count > 0 { try spill() }
        // The chunk's memory goes back before the merge takes its buffers.
        chunk.deallocate()
        chunk = .allocate(capacity: 1)
        count = 0
        // Too many runs for one merge: merge groups of them into longer runs.
        let fanIn = 128
        while runs.count > fanIn {
            let group = Array(runs.prefix(fanIn))
            runs.removeFirst(fanIn)
            let merger = try RunMerger(runs: group, bufferBytes: 32 << 20)
            let merged = try RunFile(directory: directory)
            let block = UnsafeMutablePointer<HashRecord>.allocate(capacity: 1 << 16)
            defer { block.deallocate() }
            while true {
                let (got, status) = try merger.read(into: block, capacity: 1 << 16)
                try merged.append(block, got)
                if status != .more { break }
            }
            runs.append(merged)
            progress(UInt64(runs.count), 0)
        }
        return try RunMerger(runs: runs, bufferBytes: 64 << 20)
    }

    // MARK: Sorting a chunk

    /// Sorts `count` records in place (most-significant-byte radix sort on
    /// the 96-bit hash prefix, no extra memory) and merges repeated hashes,
    /// adding their counts. Returns the number of distinct records, which
    /// now fill the start of the buffer.
    static func sortAndMerge(_ records: UnsafeMutablePointer<HashRecord>, _ count: Int) -> Int {
        radixSort(records, count, digit: 0)
        guard count > 0 else { return 0 }
        var kept = 0
        for index in 1..<max(count, 1) {
            let record = records[index]
            if record.sameHash(as: records[kept]) {
                let (sum, overflow) = records[kept].count.addingReportingOverflow(record.count)
                records[kept].count = overflow ? .max : sum
            } else {
                kept += 1
                records[kept] = record
            }
        }
        return kept + 1
    }

    /// Byte `digit` (0 = most significant) of a record's 96-bit hash prefix.
    @inline(__always)
    private static func byte(_ record: HashRecord, _ digit: Int) -> Int {
        if digit < 8 { return Int(truncatingIfNeeded: record.high &>> UInt64(56 - 8 * digit)) & 0xFF }
        return Int(truncatingIfNeeded: record.low &>> UInt32(24 - 8 * (digit - 8))) & 0xFF
    }

    /// American flag sort: each level permutes records into 256 groups by
    /// one byte in place, then sorts the groups by the next byte. Hashes
    /// are uniform, so groups shrink 256-fold per level; small groups go to
    /// insertion sort. After 12 bytes the records of a group are equal.
    private static func radixSort(_ records: UnsafeMutablePointer<HashRecord>, _ count: Int, digit: Int) {
        if count < 48 {
            insertionSort(records, count)
            return
        }
        guard digit < 12 else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * 256) { table in
            guard let base = table.baseAddress else { return }
            let counts = base
            let heads = base + 256
            let tails = base + 512
            for bucket in 0..<256 { counts[bucket] = 0 }
            for index in 0..<count { counts[byte(records[index], digit)] += 1 }
            var sum = 0
            for bucket in 0..<256 {
                heads[bucket] = sum
                sum += counts[bucket]
                tails[bucket] = sum
            }
            for bucket in 0..<256 {
                while heads[bucket] < tails[bucket] {
                    var value = records[heads[bucket]]
                    var target = byte(value, digit)
                    // Follow the cycle until a record for this group turns up.
                    while target != bucket {
                        swap(&value, &records[heads[target]])
                        heads[target] += 1
                        target = byte(value, digit)
                    }
                    records[heads[bucket]] = value
                    heads[bucket] += 1
                }
            }
            var start = 0
            for bucket in 0..<256 {
                let size = counts[bucket]
                if size > 1 { radixSort(records + start, size, digit: digit + 1) }
                start += size
            }
        }
    }

    private static func insertionSort(_ records: UnsafeMutablePointer<HashRecord>, _ count: Int) {
        guard count > 1 else { return }
        for index in 1..<count {
            let value = records[index]
            var position = index
            while position > 0, value < records[position - 1] {
                records[position] = records[position - 1]
                position -= 1
            }
            records[position] = value
        }
    }
}

/// The sorted records of the only chunk, when nothing was spilled.
final class ChunkRecords: SortedRecords {
    private let records: UnsafeMutablePointer<HashRecord>
    private let count: Int
    private var index = 0

    init(records: UnsafeMutablePointer<HashRecord>, count: Int) {
        self.records = records
        self.count = count
    }

    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int) throws(BreachError) -> (count: Int, status: BatchStatus) {
        let taken = min(capacity, count - index)
        buffer.update(from: records + index, count: taken)
        index += taken
        return (taken, index == count ? .end : .more)
    }

    var fraction: Double { count == 0 ? 1 : Double(index) / Double(count) }
}

/// A run of sorted records in an unlinked temporary file.
final class RunFile {
    let fd: Int32
    private(set) var records: UInt64 = 0

    init(directory: String) throws(BreachError) {
        var template = Array((RangeDirectorySource.join(directory, ".pwguard-sort-XXXXXX")).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            let fd = mkstemp(base)
            // mkostemp is a GNU extension Swift does not import.
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return fd
        }
        guard fd >= 0 else {
            throw BreachError.system(directory, "cannot create a temporary file", errno: errno, fallback: .output)
        }
        // Unlinked at once: the space is freed when the descriptor closes,
        // whatever happens to this process.
        _ = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { unlink($0) } }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `count` records.
    func append(_ records: UnsafeMutablePointer<HashRecord>, _ count: Int) throws(BreachError) {
        let bytes = count * MemoryLayout<HashRecord>.stride
        let raw = UnsafeRawPointer(records)
        var done = 0
        while done < bytes {
            let written = write(fd, raw + done, bytes - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw BreachError.system("temporary sort file", "cannot write", errno: errno, fallback: .output)
            }
            done += written
        }
        self.records += UInt64(count)
    }

    /// Reads records `from` onwards into `buffer`; returns how many.
    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int, from: UInt64) throws(BreachError) -> Int {
        let stride = MemoryLayout<HashRecord>.stride
        let wanted = Int(min(UInt64(capacity), records - min(from, records))) * stride
        let raw = UnsafeMutableRawPointer(buffer)
        var done = 0
        while done < wanted {
            let got = pread(fd, raw + done, wanted - done, off_t(from) * off_t(stride) + off_t(done))
            if got < 0 {
                if errno == EINTR { continue }
                throw BreachError.system("temporary sort file", "cannot read", errno: errno, fallback: .output)
            }
            guard got > 0 else {
                throw BreachError(kind: .output, path: "temporary sort file", message: "shorter than written")
            }
            done += got
        }
        return done / stride
    }
}

/// K-way merge of sorted runs through a binary heap of their heads.
final class RunMerger: SortedRecords {
    private struct Cursor {
        let run: RunFile
        let buffer: UnsafeMutablePointer<HashRecord>
        let capacity: Int
        var position = 0
        var filled = 0
        var nextRecord: UInt64 = 0
    }

    private var cursors: [Cursor] = []
    /// Indexes of cursors, ordered as a min-heap by their current record.
    private var heap: [Int] = []
    private let total: UInt64
    private var consumed: UInt64 = 0

    init(runs: [RunFile], bufferBytes: Int) throws(BreachError) {
        let perRun = max(1024, bufferBytes / max(runs.count, 1) / MemoryLayout<HashRecord>.stride)
        var total: UInt64 = 0
        for run in runs {
            var cursor = Cursor(run: run, buffer: .allocate(capacity: perRun), capacity: perRun)
            total += run.records
            cursor.filled = try run.read(into: cursor.buffer, capacity: perRun, from: 0)
            cursor.nextRecord = UInt64(cursor.filled)
            cursors.append(cursor)
            if cursor.filled > 0 { heap.append(cursors.count - 1) }
        }
        self.total = total
        var index = heap.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    deinit {
        for cursor in cursors { cursor.buffer.deallocate() }
    }

    var fraction: Double { total == 0 ? 1 : Double(consumed) / Double(total) }

    @inline(__always)
    private func head(_ cursor: Int) -> HashRecord {
        cursors[cursor].buffer[cursors[cursor].position]
    }

    private func siftDown(_ start: Int) {
        var index = start
        let count = heap.count
        while true {
            let left = 2 * index + 1
            guard left < count else { return }
            var smallest = left
            if left + 1 < count, head(heap[left + 1]) < head(heap[left]) { smallest = left + 1 }
            guard head(heap[smallest]) < head(heap[index]) else { return }
            heap.swapAt(index, smallest)
            index = smallest
        }
    }

    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int) throws(BreachError) -> (count: Int, status: BatchStatus) {
        var produced = 0
        while produced < capacity {
            guard let top = heap.first else { return (produced, .end) }
            buffer[produced] = head(top)
            produced += 1
            consumed += 1
            cursors[top].position += 1
            if cursors[top].position == cursors[top].filled {
                let cursor = cursors[top]
                let got = try cursor.run.read(into: cursor.buffer, capacity: cursor.capacity, from: cursor.nextRecord)
                cursors[top].position = 0
                cursors[top].filled = got
                cursors[top].nextRecord += UInt64(got)
                if got == 0 {
                    heap[0] = heap[heap.count - 1]
                    heap.removeLast()
                }
            }
            if !heap.isEmpty { siftDown(0) }
        }
        return (produced, heap.isEmpty ? .end : .more)
    }
}

/// Sources that should already be sorted (files of hashes sorted by hash,
/// range directories), read straight through without any sorting: one
/// source passes its batches on; several are merged through a buffer each.
/// Reports `.outOfOrder` as soon as one is not sorted.
final class SourceMerger: SortedRecords {
    private final class Feed {
        let source: RecordSource
        let buffer: UnsafeMutablePointer<HashRecord>
        var position = 0
        var filled = 0
        var status = BatchStatus.more

        init(source: RecordSource) {
            self.source = source
            buffer = .allocate(capacity: 4096)
        }

        deinit { buffer.deallocate() }

        /// The current record, refilling as needed; nil at the end or
        /// when the source turned out unsorted (see `status`).
        func head() throws(BreachError) -> HashRecord? {
            if position < filled { return buffer[position] }
            guard status == .more else { return nil }
            (filled, status) = try source.read(into: buffer, capacity: 4096, checkOrder: true)
            position = 0
            return filled > 0 ? buffer[0] : nil
        }
    }

    private let sources: [RecordSource]
    private let feeds: [Feed]
    private let total: UInt64

    init(sources: [RecordSource]) throws(BreachError) {
        self.sources = sources
        feeds = sources.count > 1 ? sources.map(Feed.init) : []
        total = sources.reduce(UInt64(0)) { $0 + $1.totalBytes }
    }

    var fraction: Double {
        guard total > 0 else { return 1 }
        let consumed = sources.reduce(UInt64(0)) { $0 + $1.consumedBytes }
        return Double(consumed) / Double(total)
    }

    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int) throws(BreachError) -> (count: Int, status: BatchStatus) {
        if sources.count == 1 { return try sources[0].read(into: buffer, capacity: capacity, checkOrder: true) }
        if sources.isEmpty { return (0, .end) }
        var produced = 0
        while produced < capacity {
            var best: Feed?
            var bestRecord = HashRecord(high: 0, low: 0, count: 0)
            for feed in feeds {
                guard let record = try feed.head() else {
                    if feed.status == .outOfOrder { return (produced, .outOfOrder) }
                    continue
                }
                if best == nil || record < bestRecord {
                    best = feed
                    bestRecord = record
                }
            }
            guard let best else { return (produced, .end) }
            buffer[produced] = bestRecord
            produced += 1
            best.position += 1
        }
        return (produced, .more)
    }
}
