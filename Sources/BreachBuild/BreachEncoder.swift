#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import COpenSSL
import PasswordPolicy

/// Writes bits least significant first into a growable byte buffer, a
/// 64-bit store at a time.
struct BitWriter {
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Whole bytes written.
    private(set) var count = 0
    private var accumulator: UInt64 = 0
    private var filled = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        buffer = .allocate(capacity: self.capacity)
    }

    func deallocate() { buffer.deallocate() }

    /// Makes room for `bits` more bits (plus the 8 bytes a store may touch).
    mutating func reserve(bits: Int) {
        let needed = count + (filled + bits) / 8 + 16
        guard needed > capacity else { return }
        let grown = max(needed, capacity * 2)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = larger
        capacity = grown
    }

    /// Appends the low `bits` bits of `value` (bits ≤ 56; room reserved).
    @inline(__always)
    mutating func write(_ value: UInt64, bits: Int) {
        accumulator |= value &<< UInt64(filled)
        filled &+= bits
        // Store all 8 bytes, keep the whole ones.
        UnsafeMutableRawPointer(buffer + count).storeBytes(of: accumulator.littleEndian, as: UInt64.self)
        let whole = filled &>> 3
        count &+= whole
        accumulator = whole == 8 ? 0 : accumulator &>> UInt64(whole &* 8)
        filled &= 7
    }

    /// `quotient` zeros, then a one.
    @inline(__always)
    mutating func writeUnary(_ quotient: UInt64) {
        var rest = quotient
        while rest >= 48 {
            write(0, bits: 48)
            rest -= 48
        }
        write(1 &<< rest, bits: Int(rest) + 1)
    }

    /// Pads the last byte with zero bits.
    mutating func finishByte() {
        if filled > 0 {
            buffer[count] = UInt8(truncatingIfNeeded: accumulator)
            count += 1
        }
        accumulator = 0
        filled = 0
    }

    mutating func reset() {
        count = 0
        accumulator = 0
        filled = 0
    }
}

/// Buffered writes at an explicit file position, retrying after signals
/// and partial writes.
final class PositionalWriter {
    private let fd: Int32
    private let path: String
    private(set) var position: UInt64
    private var buffer: [UInt8] = []
    private let capacity: Int

    init(fd: Int32, path: String, position: UInt64, capacity: Int) {
        self.fd = fd
        self.path = path
        self.position = position
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    func write(_ bytes: [UInt8]) throws(BreachError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    func write(_ bytes: UnsafePointer<UInt8>, count: Int) throws(BreachError) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        if buffer.count >= capacity { try flush() }
    }

    func flush() throws(BreachError) {
        try Self.writeAll(fd: fd, path: path, buffer, at: position)
        position += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    static func writeAll(fd: Int32, path: String, _ bytes: [UInt8], at offset: UInt64) throws(BreachError) {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset) + off_t(done))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw BreachError.system(path, "cannot write", errno: errno, fallback: .output)
            }
            done += written
        }
    }
}

/// A running SHA-256 from libcrypto, fed 16-byte records through a buffer
/// (one libcrypto call per 64 KiB, not per record).
final class SHA256Stream {
    private let context: OpaquePointer
    private let pending: UnsafeMutablePointer<UInt8>
    private var filled = 0
    private static let capacity = 1 << 16

    init?() {
        guard let context = pwguard_sha256_new() else { return nil }
        self.context = context
        pending = .allocate(capacity: Self.capacity)
    }

    deinit {
        pwguard_sha256_free(context)
        pending.deallocate()
    }

    /// Appends records as 12 bytes of hash and 4 bytes of count, big-endian.
    func append(_ records: UnsafePointer<HashRecord>, count: Int) {
        var used = filled
        let out = UnsafeMutableRawPointer(pending)
        for index in 0..<count {
            if used + 16 > Self.capacity {
                _ = pwguard_sha256_update(context, out, used)
                used = 0
            }
            let record = records[index]
            out.storeBytes(of: record.high.bigEndian, toByteOffset: used, as: UInt64.self)
            out.storeBytes(of: record.low.bigEndian, toByteOffset: used + 8, as: UInt32.self)
            out.storeBytes(of: record.count.bigEndian, toByteOffset: used + 12, as: UInt32.self)
            used += 16
        }
        filled = used
    }

    func finish() -> [UInt8]? {
        _ = pwguard_sha256_update(context, pending, filled)
        filled = 0
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = digest.withUnsafeMutableBufferPointer { pwguard_sha256_final(context, $0.baseAddress) }
        return ok == 1 ? digest : nil
    }
}

/// Turns a sorted stream of distinct records into a database file.
///
/// The first records (a random sample, since the stream is in hash order)
/// are held back to choose the file's parameters: the bucket count from
/// the estimated number of entries, and the count tiers' order from their
/// frequencies. Then buckets are encoded as their records arrive: memory
/// is the sample and one bucket, whatever the number of entries.
///
/// The file is written under a temporary name next to the output and
/// renamed over it only when complete, so that a reader never sees half a
/// file and a database in use is never written into.
final class BreachEncoder {
    private let outputPath: String
    private let kind: BreachHashKind
    private let minimumCount: UInt64
    private let falsePositiveBits: Int
    private let targetBucketEntries: Int
    private let sampleLimit: Int
    private let fraction: () -> Double

    private var sample: UnsafeMutablePointer<HashRecord>
    private var sampled = 0
    private var started = false

    private var bucketBits = 0
    private var rice = 0
    private var tierOrder: [Int] = []
    /// Codeword rank of each tier (the inverse of `tierOrder`).
    private var tierRank = [Int](repeating: 0, count: BreachTiers.count)
    private var fd: Int32 = -1
    private var temporaryPath = ""
    private var committed = false
    private var directory: PositionalWriter?
    private var buckets: PositionalWriter?
    private var bucketAreaOffset: UInt64 = 0

    private var currentBucket = 0
    private let bucketRecords: UnsafeMutablePointer<HashRecord>
    private var bucketCount = 0
    private let quotients: UnsafeMutablePointer<UInt64>
    private var writer = BitWriter(capacity: 1 << 16)
    private var offset: UInt64 = 0
    private var directoryEntry = [UInt8](repeating: 0, count: BreachFormat.directoryEntrySize)
    private(set) var entries: UInt64 = 0
    private var maximumCount: UInt64 = 0

    init(output: String, kind: BreachHashKind, minimumCount: UInt64, falsePositiveBits: Int,
         targetBucketEntries: Int, sampleRecords: Int, fraction: @escaping () -> Double) {
        outputPath = output
        self.kind = kind
        self.minimumCount = minimumCount
        self.falsePositiveBits = falsePositiveBits
        self.targetBucketEntries = targetBucketEntries
        sampleLimit = max(sampleRecords, 1)
        self.fraction = fraction
        sample = .allocate(capacity: sampleLimit)
        bucketRecords = .allocate(capacity: BreachFormat.maxBucketEntries)
        quotients = .allocate(capacity: BreachFormat.maxBucketEntries)
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed, !temporaryPath.isEmpty { unlink(temporaryPath) }
        sample.deallocate()
        bucketRecords.deallocate()
        quotients.deallocate()
        writer.deallocate()
    }

    /// Adds the next records (hash order, distinct, count ≥ the minimum).
    func add(_ records: UnsafePointer<HashRecord>, count: Int) throws(BreachError) {
        var index = 0
        while !started, index < count {
            sample[sampled] = records[index]
            sampled += 1
            index += 1
            if sampled == sampleLimit {
                // The sample came from this fraction of the input, and hashes
                // are spread evenly: scale it up.
                let done = fraction()
                let estimate = done > 0 ? Double(sampled) / min(done, 1) : Double(sampled)
                try start(estimatedEntries: UInt64(min(estimate, 1e15)))
            }
        }
        guard index < count else { return }
        try encode(records + index, count: count - index)
    }

    /// Completes the file and renames it into place.
    func finish(sourceDigest: [UInt8]) throws(BreachError) -> BreachDatabaseInfo {
        if !started { try start(estimatedEntries: UInt64(sampled)) }
        let bucketTotal = 1 << bucketBits
        while currentBucket < bucketTotal {
            try flushBucket()
            currentBucket += 1
        }
        // The closing directory entry: where the last bucket ends.
        try appendDirectoryEntry(offset)
        guard let directory, let buckets else { throw outputError("encoder not started") }
        try directory.flush()
        try buckets.flush()

        let info = BreachDatabaseInfo(
            formatVersion: Int(BreachFormat.version), hashKind: kind, entryCount: entries,
            minimumCount: minimumCount, maximumCount: maximumCount, falsePositiveBits: falsePositiveBits,
            bucketBits: bucketBits, riceParameter: rice, tierOrder: tierOrder,
            sourceDigest: sourceDigest, fileSize: bucketAreaOffset + offset)
        try PositionalWriter.writeAll(fd: fd, path: temporaryPath, BreachFormat.encodeHeader(info), at: 0)
        // On disk before the rename makes it the database.
        guard fsync(fd) == 0 else { throw BreachError.system(temporaryPath, "cannot sync", errno: errno, fallback: .output) }
        _ = fchmod(fd, 0o644)
        guard rename(temporaryPath, outputPath) == 0 else {
            throw BreachError.system(outputPath, "cannot rename \(temporaryPath) to it", errno: errno, fallback: .output)
        }
        committed = true
        return info
    }

    // MARK: Parameters

    private func start(estimatedEntries: UInt64) throws(BreachError) {
        started = true
        // Average bucket within a factor √2 of the target.
        let target = Double(max(targetBucketEntries, 1))
        var bits = 0
        while bits < 28, Double(estimatedEntries) / Double(UInt64(1) << UInt64(bits + 1)) >= target * 0.7071 {
            bits += 1
        }
        bucketBits = bits
        // Gaps average n·(2^f + n + 1)/n ≈ 2^f; the best Rice parameter for
        // geometric gaps of mean μ is about log2(μ · ln 2): f - 1.
        rice = max(0, min(falsePositiveBits - 1, BreachFormat.maxRiceParameter))

        // Tiers by frequency in the sample, the most frequent first: a
        // codeword of k ones and a zero is then close to a Huffman code for
        // such skewed counts, and can be skipped by counting bits.
        var frequencies = [Int](repeating: 0, count: BreachTiers.count)
        for index in 0..<sampled { frequencies[BreachTiers.tier(of: UInt64(sample[index].count))] += 1 }
        tierOrder = Array(0..<BreachTiers.count).sorted { (frequencies[$0], -$0) > (frequencies[$1], -$1) }
        for (rank, tier) in tierOrder.enumerated() { tierRank[tier] = rank }

        try createTemporaryFile()
        let bucketTotal = UInt64(1) << UInt64(bucketBits)
        bucketAreaOffset = UInt64(BreachFormat.headerSize) + (bucketTotal + 1) * UInt64(BreachFormat.directoryEntrySize)
        directory = PositionalWriter(fd: fd, path: temporaryPath, position: UInt64(BreachFormat.headerSize), capacity: 1 << 16)
        buckets = PositionalWriter(fd: fd, path: temporaryPath, position: bucketAreaOffset, capacity: 1 << 20)

        try encode(sample, count: sampled)
        sample.deallocate()
        sample = .allocate(capacity: 1)
        sampled = 0
    }

    private func createTemporaryFile() throws(BreachError) {
        var template = Array((outputPath + ".tmp-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            let fd = mkstemp(base)
            // mkostemp is a GNU extension Swift does not import.
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return fd
        }
        guard created >= 0 else {
            throw BreachError.system(outputPath, "cannot create a temporary file next to it", errno: errno, fallback: .output)
        }
        fd = created
        temporaryPath = template.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { String(cString: $0) } ?? ""
        }
    }

    private func outputError(_ message: String) -> BreachError {
        BreachError(kind: .output, path: outputPath, message: message)
    }

    // MARK: Buckets

    /// Gathers records into their buckets, encoding each bucket as the
    /// stream moves past it. The loop keeps its state in locals.
    private func encode(_ records: UnsafePointer<HashRecord>, count: Int) throws(BreachError) {
        var filled = bucketCount
        let bits = bucketBits
        for index in 0..<count {
            let record = records[index]
            let bucket = BreachFormat.bucket(high: record.high, bucketBits: bits)
            if bucket != currentBucket {
                bucketCount = filled
                while currentBucket < bucket {
                    try flushBucket()
                    currentBucket += 1
                }
                filled = 0
            }
            guard filled < BreachFormat.maxBucketEntries else {
                throw outputError("more than \(BreachFormat.maxBucketEntries) entries in bucket \(bucket): "
                                  + "the input's hashes are not spread evenly")
            }
            bucketRecords[filled] = record
            filled += 1
        }
        bucketCount = filled
    }

    /// Encodes the current bucket (possibly empty) and its directory entry.
    private func flushBucket() throws(BreachError) {
        guard let buckets else { throw outputError("encoder not started") }
        try appendDirectoryEntry(offset)
        let count = bucketCount
        let universe = BreachFormat.universe(entries: count, falsePositiveBits: falsePositiveBits)
        let riceBits = rice
        let mask: UInt64 = riceBits == 0 ? 0 : (1 &<< UInt64(riceBits)) &- 1
        var writer = self.writer
        defer { self.writer = writer }
        writer.reset()
        // Checksum placeholder, the entry count, then the remainders.
        writer.reserve(bits: 48 + count * (riceBits + 2))
        writer.write(0, bits: 32)
        writer.write(UInt64(count), bits: 16)
        var previous: UInt64 = 0
        var unaryBits = 0
        var tierBits = 0
        var largest = maximumCount
        for index in 0..<count {
            let record = bucketRecords[index]
            let local = BreachFormat.localBits(high: record.high, low: record.low, bucketBits: bucketBits)
            let key = BreachFormat.key(local: local, universe: universe)
            // Keys never decrease: the mapping keeps order. Equal keys (two
            // hashes sharing one) give a gap of 0.
            let gap = key &- previous
            previous = key
            if riceBits > 0 { writer.write(gap & mask, bits: riceBits) }
            let quotient = gap &>> UInt64(riceBits)
            quotients[index] = quotient
            unaryBits += Int(truncatingIfNeeded: quotient) + 1
            tierBits += tierRank[BreachTiers.tier(of: UInt64(record.count))] + 1
            largest = max(largest, UInt64(record.count))
        }
        maximumCount = largest
        writer.reserve(bits: unaryBits + tierBits)
        for index in 0..<count { writer.writeUnary(quotients[index]) }
        for index in 0..<count {
            let rank = tierRank[BreachTiers.tier(of: UInt64(bucketRecords[index].count))]
            writer.write((1 &<< UInt64(rank)) &- 1, bits: rank + 1)
        }
        writer.finishByte()
        let bytes = writer.buffer
        let length = writer.count
        let checksum = BreachChecksum.hash(UnsafeRawPointer(bytes + 4), count: length - 4, seed: UInt64(currentBucket))
        UnsafeMutableRawPointer(bytes).storeBytes(of: UInt32(truncatingIfNeeded: checksum).littleEndian, as: UInt32.self)
        try buckets.write(bytes, count: length)
        offset += UInt64(length)
        entries += UInt64(count)
        bucketCount = 0
    }

    private func appendDirectoryEntry(_ value: UInt64) throws(BreachError) {
        guard let directory else { throw outputError("encoder not started") }
        guard value < 1 << 40 else { throw outputError("the file would pass 1 TiB, the format's limit") }
        BreachFormat.writeLE(value, BreachFormat.directoryEntrySize, into: &directoryEntry, at: 0)
        try directory.write(directoryEntry)
    }
}
