import CPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A hash found in a breached-password database.
public struct BreachMatch: Sendable, Equatable {
    /// The count tier (see ``BreachTiers``): 0 for 1, 1 for 2–9, 2 for 10–99, …
    public var tier: Int
    /// The smallest count the entry can have: its tier's lower bound, or
    /// the file's minimum count if that is higher.
    public var count: UInt64
    /// The largest count the entry can have: its tier's upper bound.
    public var maximumCount: UInt64

    /// Creates a match.
    public init(tier: Int, count: UInt64, maximumCount: UInt64) {
        self.tier = tier
        self.count = count
        self.maximumCount = maximumCount
    }
}

/// One entry of a hash-prefix range (``BreachDatabase/range(prefix:bits:limit:)``).
public struct BreachRangeEntry: Sendable, Equatable {
    /// The first 64 bits of the smallest hash that the entry stands for.
    /// The file keeps about 32 bits per entry beyond the bucket, so hashes
    /// up to the next entry's `hashPrefix` may map to the same entry.
    public var hashPrefix: UInt64
    /// The count tier and bounds, as a lookup reports them.
    public var match: BreachMatch
}

/// A read-only breached-password database built by `pwguard breach build`
/// (format: docs/breach-db.md).
///
/// Opening reads and checks the header and the two ends of the bucket
/// directory: nothing else is read, so opening costs a few system calls
/// and adds a few kilobytes of memory whatever the file's size. A lookup
/// reads one directory entry and one bucket, checks the bucket's checksum,
/// and decodes it up to the hash's position: two random reads when the
/// file is not cached.
///
/// Every offset and length taken from the file is checked before use: a
/// damaged file gives a ``BreachError`` of kind `.corrupt` (at open, or at
/// the lookup that reaches the damaged bucket), never a read outside the
/// file or a crash. One hazard cannot be checked from inside the process:
/// once the file is mapped (see ``Access``), a file truncated in place
/// *while open* makes the kernel raise SIGBUS. Replace databases by
/// renaming a new file over the old one, as `pwguard breach build` does,
/// never by writing into them (`cp` does); or use `.read` access.
///
/// Lookups do not modify the database: one object can be shared by any
/// number of threads.
public final class BreachDatabase: @unchecked Sendable {
    /// How lookups reach the file.
    public enum Access: Sendable, Equatable {
        /// `pread` for the first lookups, then a memory mapping once the
        /// process has shown it makes many (the default). A process that
        /// looks up one password, such as a login, pays no mapping set-up
        /// (a fresh mapping's page faults cost more than two `pread`s) and
        /// is immune to the file being rewritten in place; a long-running
        /// one gets the mapping's speed.
        case automatic
        /// Mapped from the start: no system call per lookup once pages
        /// are cached.
        case mapped
        /// `pread` only: two system calls per lookup, never a mapping.
        case read
    }

    /// The path the database was opened from.
    public let path: String
    /// What the header says.
    public let info: BreachDatabaseInfo
    /// How lookups read the file.
    public let access: Access

    private let fd: Int32
    private let fileSize: Int
    /// The mapping's address, 0 while unmapped. Set once, by one thread.
    private let mapping: Atomic<Int>
    /// Lookups so far, for `.automatic`.
    private let lookups = Atomic<Int>(0)
    /// Tier of each codeword rank (the header's tier order).
    private let tierOrder: [Int]
    private let bucketAreaSize: UInt64
    private let pageSize: Int

    /// `.automatic` maps the file at this lookup.
    static let mapAfterLookups = 32

    /// No legitimate bucket comes near this (65,535 entries take ~300 KB);
    /// a larger one is damage, refused before any byte of it is read.
    static let maxBucketBytes = 4 << 20

    private init(path: String, info: BreachDatabaseInfo, access: Access, fd: Int32, mapping: Int) {
        self.path = path
        self.info = info
        self.access = access
        self.fd = fd
        self.fileSize = Int(info.fileSize)
        self.mapping = Atomic(mapping)
        self.tierOrder = info.tierOrder
        self.bucketAreaSize = info.fileSize - info.bucketAreaOffset
        let page = sysconf(Int32(_SC_PAGESIZE))
        self.pageSize = page > 0 ? page : 4096
    }

    deinit {
        let address = mapping.load(ordering: .acquiring)
        if address != 0, let pointer = UnsafeMutableRawPointer(bitPattern: address) { _ = munmap(pointer, fileSize) }
        if fd >= 0 { _ = close(fd) }
    }

    /// Opens and checks the database at `path`.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - access: How lookups read the file; see ``Access``.
    /// - Throws: ``BreachError`` naming the file: `.missing`, `.unreadable`,
    ///   `.notADatabase` (wrong magic or version) or `.corrupt` (a checksum
    ///   or size that does not match).
    public static func open(path: String, access: Access = .automatic) throws(BreachError) -> BreachDatabase {
        var fd: Int32 = -1
        repeat {
            // O_NONBLOCK: a FIFO planted at the path must not hang a login.
            fd = pwguard_open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        } while fd < 0 && pwguard_errno() == EINTR
        guard fd >= 0 else { throw BreachError.system(path, "cannot open", errno: pwguard_errno()) }
        var keepOpen = false
        defer { if !keepOpen { _ = close(fd) } }
        // Every read is a small one at a scattered place: read-ahead, even
        // for the header, would only fetch pages nobody asked for.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM)

        var status = stat()
        guard fstat(fd, &status) == 0 else { throw BreachError.system(path, "cannot read", errno: pwguard_errno()) }
        guard pwguard_is_regular_file(status.st_mode) != 0 else {
            throw BreachError(kind: .unreadable, path: path, message: "not a regular file")
        }
        let fileSize = UInt64(max(status.st_size, 0))

        // The header and the first directory entry, which follows it, in one read.
        let entrySize = BreachFormat.directoryEntrySize
        var header = [UInt8](repeating: 0, count: BreachFormat.headerSize + entrySize)
        let headerBytes = min(try readFully(fd: fd, into: &header, offset: 0, path: path), BreachFormat.headerSize)
        // Array's closure APIs do not forward typed errors: a Result carries them.
        let info = try header.withUnsafeBytes { raw in
            Result { () throws(BreachError) in
                try BreachFormat.decodeHeader(UnsafeRawBufferPointer(rebasing: raw[0..<headerBytes]),
                                              fileSize: fileSize, path: path)
            }
        }.get()
        // The directory's ends tie it to the bucket area: the first bucket
        // starts at 0 and the last one ends at the end of the file.
        let first = header.withUnsafeBytes { BreachFormat.readLE($0, BreachFormat.headerSize, entrySize) }
        var ends = [UInt8](repeating: 0, count: entrySize)
        let lastOffset = info.directoryOffset + UInt64(info.bucketCount) * UInt64(entrySize)
        _ = try readFully(fd: fd, into: &ends, offset: lastOffset, path: path)
        let last = ends.withUnsafeBytes { BreachFormat.readLE($0, 0, entrySize) }
        guard first == 0, last == fileSize - info.bucketAreaOffset else {
            throw BreachError.corrupt(path, "bucket directory does not span the bucket area")
        }

        var address = 0
        if access == .mapped { address = map(fd: fd, size: Int(fileSize)) }
        if address == 0 { keepOpen = true }
        return BreachDatabase(path: path, info: info, access: access, fd: keepOpen ? fd : -1, mapping: address)
    }

    /// Maps the whole file read-only; 0 when the system refuses (the
    /// database then keeps using `pread`).
    private static func map(fd: Int32, size: Int) -> Int {
        guard size > 0, let mapped = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0),
              mapped != UnsafeMutableRawPointer(bitPattern: -1) else { return 0 }
        // Lookups touch two scattered spots: read-ahead would only fetch
        // pages nobody asked for.
        _ = madvise(mapped, size, MADV_RANDOM)
        return Int(bitPattern: mapped)
    }

    /// The mapping to use for one lookup, or nil for `pread`. With
    /// `.automatic`, the lookup that reaches the threshold maps the file;
    /// exactly one lookup sees that count, so the file is mapped once.
    private func mappingForLookup() -> UnsafeRawPointer? {
        let address = mapping.load(ordering: .acquiring)
        if address != 0 { return UnsafeRawPointer(bitPattern: address) }
        guard access == .automatic, fd >= 0 else { return nil }
        if lookups.wrappingAdd(1, ordering: .relaxed).newValue == Self.mapAfterLookups {
            let mapped = Self.map(fd: fd, size: fileSize)
            if mapped != 0 { mapping.store(mapped, ordering: .releasing) }
            return UnsafeRawPointer(bitPattern: mapped)
        }
        return nil
    }

    /// Reads up to `buffer.count` bytes at `offset`, retrying after signals
    /// and short reads; the number read is less only at the end of the file.
    private static func readFully(fd: Int32, into buffer: inout [UInt8], offset: UInt64, path: String) throws(BreachError) -> Int {
        var done = 0
        while done < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset) + off_t(done))
            }
            if count < 0 {
                if pwguard_errno() == EINTR { continue }
                throw BreachError.system(path, "cannot read", errno: pwguard_errno())
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    // MARK: Lookup

    /// Looks up a password (raw bytes, as typed), hashed with the file's
    /// hash kind. The hash is computed in memory and wiped; nothing of the
    /// password is kept or reported.
    ///
    /// - Returns: The match, or nil when the password is not in the list.
    ///   A password not in the list is reported as in it with probability
    ///   at most ``BreachDatabaseInfo/falsePositiveRate``.
    /// - Throws: ``BreachError`` `.corrupt` when the bucket the password
    ///   falls in is damaged, or `.unreadable` on an I/O error.
    public func lookup(password: [UInt8]) throws(BreachError) -> BreachMatch? {
        var digest = BreachHash.digest(of: password, kind: info.hashKind)
        defer { digest.wipe() }
        return try lookup(hash: digest)
    }

    /// Looks up a hash: 20 bytes for a SHA-1 file, 16 for an NTLM file.
    ///
    /// - Throws: ``BreachError`` `.invalidArgument` for a hash of the wrong
    ///   length, `.corrupt` or `.unreadable` as ``lookup(password:)``.
    public func lookup(hash: [UInt8]) throws(BreachError) -> BreachMatch? {
        guard hash.count == info.hashKind.digestLength else {
            throw BreachError(kind: .invalidArgument, path: path,
                              message: "a \(info.hashKind.name) hash has \(info.hashKind.digestLength) bytes, not \(hash.count)")
        }
        let record = hash.withUnsafeBytes { HashRecord(digest: $0, count: 0) }
        let bucket = BreachFormat.bucket(high: record.high, bucketBits: info.bucketBits)
        let local = BreachFormat.localBits(high: record.high, low: record.low, bucketBits: info.bucketBits)
        return try withBucket(bucket, mapping: mappingForLookup()) { view throws(BreachError) -> BreachMatch? in
            let target = BreachFormat.key(local: local, universe: view.universe)
            switch view.lookup(target: target) {
            case .notFound: return nil
            case .found(let rank): return makeMatch(tier: tierOrder[rank])
            case .corrupt(let reason): throw BreachError.corrupt(path, "bucket \(bucket): \(reason)")
            }
        }
    }

    /// Looks up a hash written in hexadecimal (either case), as in Have I
    /// Been Pwned's files.
    public func lookup(hexHash: String) throws(BreachError) -> BreachMatch? {
        guard let bytes = BreachHash.bytes(fromHex: hexHash) else {
            throw BreachError(kind: .invalidArgument, path: path, message: "not a hexadecimal hash")
        }
        return try lookup(hash: bytes)
    }

    private func makeMatch(tier: Int) -> BreachMatch {
        BreachMatch(tier: tier, count: max(BreachTiers.lowerBound(tier), info.minimumCount),
                    maximumCount: BreachTiers.upperBound(tier))
    }

    // MARK: Ranges

    /// The entries of every hash whose first `bits` bits are those of
    /// `prefix` (its most significant bits; the rest of `prefix` is
    /// ignored), in hash order: what a server answering Have I Been Pwned's
    /// range queries (5 hex digits, 20 bits) needs.
    ///
    /// Entries keep ~32 bits beyond the bucket, so an entry at the edge of
    /// the range may stand for hashes on both sides of it; such entries are
    /// included. A hash with the prefix is in the database exactly when
    /// ``lookup(hash:)`` finds it among these entries.
    ///
    /// - Parameters:
    ///   - prefix: The prefix, in the most significant bits.
    ///   - bits: How many bits of `prefix` count, 0–64.
    ///   - limit: The most entries returned; more is an error, so that a
    ///     short prefix cannot make the call allocate without bound.
    /// - Throws: ``BreachError`` `.invalidArgument` for `bits` out of range or
    ///   more than `limit` entries, `.corrupt` or `.unreadable` as a lookup.
    public func range(prefix: UInt64, bits: Int, limit: Int = 1 << 20) throws(BreachError) -> [BreachRangeEntry] {
        guard (0...64).contains(bits) else {
            throw BreachError(kind: .invalidArgument, path: path, message: "a prefix has 0 to 64 bits, not \(bits)")
        }
        let mask: UInt64 = bits == 0 ? 0 : ~0 &<< UInt64(64 - bits)
        let lowHigh = prefix & mask
        let highHigh = lowHigh | ~mask
        let d = info.bucketBits
        let firstBucket = BreachFormat.bucket(high: lowHigh, bucketBits: d)
        let lastBucket = BreachFormat.bucket(high: highHigh, bucketBits: d)
        var result: [BreachRangeEntry] = []
        let base = mappingForLookup()
        var bucket = firstBucket
        while bucket <= lastBucket {
            let lowLocal = BreachFormat.localBits(high: lowHigh, low: 0, bucketBits: d)
            let highLocal = BreachFormat.localBits(high: highHigh, low: .max, bucketBits: d)
            try withBucket(bucket, mapping: base) { view throws(BreachError) in
                guard var decoder = BucketIterator(view) else {
                    throw BreachError.corrupt(path, "bucket \(bucket): streams overrun the bucket")
                }
                let universe = view.universe
                // Inside the range's middle buckets every key counts.
                let lowKey = bucket == firstBucket ? BreachFormat.key(local: lowLocal, universe: universe) : 0
                let highKey = bucket == lastBucket ? BreachFormat.key(local: highLocal, universe: universe) : .max
                while true {
                    switch decoder.next() {
                    case .end: return
                    case .corrupt(let reason): throw BreachError.corrupt(path, "bucket \(bucket): \(reason)")
                    case .entry(let key, let rank):
                        let tier = tierOrder[rank]
                        if key < lowKey { continue }
                        if key > highKey { return }
                        guard result.count < limit else {
                            throw BreachError(kind: .invalidArgument, path: path,
                                              message: "more than \(limit) entries in the range")
                        }
                        let entryPrefix = Self.smallestHashPrefix(bucket: bucket, key: key, universe: universe, bucketBits: d)
                        result.append(BreachRangeEntry(hashPrefix: entryPrefix, match: makeMatch(tier: tier)))
                    }
                }
            }
            bucket += 1
        }
        return result
    }

    /// ``range(prefix:bits:limit:)`` for a prefix written in hexadecimal,
    /// such as Have I Been Pwned's 5-digit `21BD1`; 0 to 16 digits.
    public func range(hexPrefix: String, limit: Int = 1 << 20) throws(BreachError) -> [BreachRangeEntry] {
        let digits = Array(hexPrefix.utf8)
        guard digits.count <= 16, digits.allSatisfy({ HexDigits.value($0) < 16 }) else {
            throw BreachError(kind: .invalidArgument, path: path, message: "a prefix is 0 to 16 hexadecimal digits")
        }
        var prefix: UInt64 = 0
        for digit in digits { prefix = prefix << 4 | UInt64(HexDigits.value(digit)) }
        let bits = digits.count * 4
        return try range(prefix: bits == 0 ? 0 : prefix << UInt64(64 - bits), bits: bits, limit: limit)
    }

    /// The first 64 bits of the smallest hash mapped to `key`: the smallest
    /// local value x with floor(x · universe / 2^64) = key is
    /// ceil(key · 2^64 / universe).
    static func smallestHashPrefix(bucket: Int, key: UInt64, universe: UInt64, bucketBits: Int) -> UInt64 {
        guard universe > 0, key < universe else { return 0 }
        let (quotient, remainder) = universe.dividingFullWidth((high: key, low: 0))
        let local = remainder == 0 ? quotient : quotient &+ 1
        guard bucketBits > 0 else { return local }
        return (UInt64(bucket) &<< UInt64(64 - bucketBits)) | (local &>> UInt64(bucketBits))
    }

    // MARK: Verification

    /// Reads the whole file and checks every bucket: directory order,
    /// checksums, every entry's coding, the padding, and that the entry
    /// counts add up to the header's. Lookups check only the bucket they
    /// read; this is for `pwguard breach info --verify` and tests.
    ///
    /// - Parameter progress: Called now and then with (buckets done, buckets).
    public func verify(progress: ((Int, Int) -> Void)? = nil) throws(BreachError) {
        var entries: UInt64 = 0
        var largestTier = 0
        var releasedUpTo = 0
        // A scan reads every page once: a private mapping, handed back as it
        // goes, is cheaper than a pread per bucket.
        let scanMapping = access == .read ? 0 : Self.map(fd: fd, size: fileSize)
        defer { if scanMapping != 0, let pointer = UnsafeMutableRawPointer(bitPattern: scanMapping) { _ = munmap(pointer, fileSize) } }
        let existing = mapping.load(ordering: .acquiring)
        let base = UnsafeRawPointer(bitPattern: existing != 0 ? existing : scanMapping)
        for bucket in 0..<info.bucketCount {
            let bucketEntries = try withBucket(bucket, mapping: base) { view throws(BreachError) -> Int in
                guard var decoder = BucketIterator(view) else {
                    throw BreachError.corrupt(path, "bucket \(bucket): streams overrun the bucket")
                }
                var count = 0
                while true {
                    switch decoder.next() {
                    case .end:
                        guard decoder.paddingIsClean() else {
                            throw BreachError.corrupt(path, "bucket \(bucket): bad padding")
                        }
                        return count
                    case .corrupt(let reason):
                        throw BreachError.corrupt(path, "bucket \(bucket): \(reason)")
                    case .entry(_, let rank):
                        largestTier = max(largestTier, tierOrder[rank])
                        count += 1
                    }
                }
            }
            entries += UInt64(bucketEntries)
            if bucket & 0xFFF == 0xFFF {
                progress?(bucket + 1, info.bucketCount)
                if existing == 0, let base { releasePages(base, upTo: bucket, releasedUpTo: &releasedUpTo) }
            }
        }
        progress?(info.bucketCount, info.bucketCount)
        guard entries == info.entryCount else {
            throw BreachError.corrupt(path, "buckets hold \(entries) entries, the header says \(info.entryCount)")
        }
        guard info.entryCount == 0 || BreachTiers.tier(of: info.maximumCount) == largestTier else {
            throw BreachError.corrupt(path, "largest count tier does not match the header's maximum count")
        }
    }

    /// A full scan through a mapping would leave the whole file counted in
    /// the process's memory; verified pages are handed back as it goes.
    private func releasePages(_ base: UnsafeRawPointer, upTo bucket: Int, releasedUpTo: inout Int) {
        guard let range = try? directoryRange(bucket, mapping: base) else { return }
        let end = (Int(info.bucketAreaOffset + range.start) / pageSize) * pageSize
        if end - releasedUpTo >= 64 << 20 {
            _ = madvise(UnsafeMutableRawPointer(mutating: base) + releasedUpTo, end - releasedUpTo, MADV_DONTNEED)
            releasedUpTo = end
        }
    }

    // MARK: Reading buckets

    /// The byte range of bucket `bucket` within the bucket area, checked
    /// against the area and the size limit.
    private func directoryRange(_ bucket: Int, mapping: UnsafeRawPointer?) throws(BreachError) -> (start: UInt64, end: UInt64) {
        guard bucket >= 0, bucket < info.bucketCount else {
            throw BreachError(kind: .invalidArgument, path: path, message: "no bucket \(bucket)")
        }
        let entrySize = BreachFormat.directoryEntrySize
        let offset = info.directoryOffset + UInt64(bucket) * UInt64(entrySize)
        let pair = try withBytes(at: offset, count: 2 * entrySize, mapping: mapping) { base, readable in
            // Up to 16 bytes: both entries come from whole-word loads.
            let bytes = UnsafeRawBufferPointer(start: base, count: min(readable, 16))
            return (BreachFormat.readLE(bytes, 0, entrySize), BreachFormat.readLE(bytes, entrySize, entrySize))
        }
        let (start, end) = pair
        guard start <= end, end <= bucketAreaSize,
              end - start >= UInt64(BreachFormat.bucketHeaderSize),
              end - start <= UInt64(Self.maxBucketBytes) else {
            throw BreachError.corrupt(path, "directory entry \(bucket) out of bounds")
        }
        return (start, end)
    }

    /// Runs `body` with a view of bucket `bucket`, after checking the
    /// bucket's bounds and checksum.
    private func withBucket<R>(_ bucket: Int, mapping: UnsafeRawPointer?,
                               _ body: (BucketView) throws(BreachError) -> R) throws(BreachError) -> R {
        let range = try directoryRange(bucket, mapping: mapping)
        let length = Int(range.end - range.start)
        let offset = info.bucketAreaOffset + range.start
        if let mapping {
            // A bucket across a page boundary: ask for both pages at once,
            // so a cold lookup still costs one read for the bucket.
            let first = Int(offset) / pageSize
            let last = (Int(offset) + length - 1) / pageSize
            if first != last {
                _ = madvise(UnsafeMutableRawPointer(mutating: mapping) + first * pageSize,
                            (last - first + 1) * pageSize, MADV_WILLNEED)
            }
        }
        return try withBytes(at: offset, count: length, mapping: mapping) { base, readable throws(BreachError) -> R in
            let raw = UnsafeRawBufferPointer(start: base, count: length)
            let stored = BreachFormat.readLE(raw, 0, 4)
            let computed = BreachChecksum.hash(base + 4, count: length - 4, seed: UInt64(bucket)) & 0xFFFF_FFFF
            guard stored == computed else { throw BreachError.corrupt(path, "bucket \(bucket) fails its checksum") }
            let entries = Int(BreachFormat.readLE(raw, 4, 2))
            guard let view = BucketView(
                base: base, readable: readable, length: length, entries: entries,
                universe: BreachFormat.universe(entries: entries, falsePositiveBits: info.falsePositiveBits),
                rice: info.riceParameter) else {
                throw BreachError.corrupt(path, "bucket \(bucket): remainders overrun the bucket")
            }
            return try body(view)
        }
    }

    /// Calls `body` with `count` bytes of the file at `offset` and how many
    /// bytes may be loaded from that pointer (at least `count + 8`, or the
    /// rest of the mapping), so decoders can load whole words.
    private func withBytes<R>(at offset: UInt64, count: Int, mapping: UnsafeRawPointer?,
                              _ body: (UnsafeRawPointer, Int) throws(BreachError) -> R) throws(BreachError) -> R {
        guard offset <= info.fileSize, UInt64(count) <= info.fileSize - offset else {
            throw BreachError.corrupt(path, "read past the end of the file")
        }
        if let mapping {
            return try body(mapping + Int(offset), fileSize - Int(offset))
        }
        // Zero padding after the bytes read lets the decoder load whole
        // words without a bounds test on each. A temporary allocation (on
        // the stack when small) instead of an array: no heap allocation, no
        // zeroing of the part pread fills.
        let result = withUnsafeTemporaryAllocation(byteCount: count + 8, alignment: 8) { raw in
            Result { () throws(BreachError) -> R in
                guard let base = raw.baseAddress else { throw BreachError.corrupt(path, "empty read") }
                (base + count).initializeMemory(as: UInt8.self, repeating: 0, count: 8)
                var done = 0
                while done < count {
                    let got = pread(fd, base + done, count - done, off_t(offset) + off_t(done))
                    if got < 0 {
                        if pwguard_errno() == EINTR { continue }
                        throw BreachError.system(path, "cannot read", errno: pwguard_errno())
                    }
                    if got == 0 { throw BreachError.corrupt(path, "file shrank while open") }
                    done += got
                }
                return try body(UnsafeRawPointer(base), count + 8)
            }
        }
        return try result.get()
    }
}

