/// The hash function a breached-password database is keyed by.
public enum BreachHashKind: UInt8, Sendable, Equatable, CaseIterable {
    /// SHA-1 of the password's bytes, as Have I Been Pwned's main list.
    case sha1 = 1
    /// NTLM: MD4 of the password in UTF-16LE, as Have I Been Pwned's NTLM list.
    case ntlm = 2

    /// The digest length in bytes.
    public var digestLength: Int { self == .sha1 ? 20 : 16 }

    /// The digest length in hexadecimal digits, as the input files write it.
    public var hexLength: Int { digestLength * 2 }

    /// The name shown to people: `SHA-1` or `NTLM`.
    public var name: String { self == .sha1 ? "SHA-1" : "NTLM" }
}

/// Everything the header of a database says (format: docs/breach-db.md).
public struct BreachDatabaseInfo: Sendable, Equatable {
    /// The format version; this code reads and writes version 1.
    public var formatVersion: Int
    /// The hash the entries are keyed by.
    public var hashKind: BreachHashKind
    /// The number of stored entries (distinct hashes, after the minimum count).
    public var entryCount: UInt64
    /// Hashes seen fewer times than this were left out when the file was built.
    public var minimumCount: UInt64
    /// The largest count of any stored entry.
    public var maximumCount: UInt64
    /// The false-positive rate is at most 2^-`falsePositiveBits` per lookup.
    public var falsePositiveBits: Int
    /// Buckets are selected by this many leading bits of the hash.
    public var bucketBits: Int
    /// The Rice parameter of the gap code.
    public var riceParameter: Int
    /// The count tiers from the most frequent to the least: the tier at
    /// position k is coded as k one bits and a zero.
    public var tierOrder: [Int]
    /// SHA-256 of the distinct input records (see docs/breach-db.md), whatever
    /// the format or order of the inputs they came from.
    public var sourceDigest: [UInt8]
    /// The size of the whole file in bytes.
    public var fileSize: UInt64

    /// Creates the description of a database (the builder's).
    package init(formatVersion: Int, hashKind: BreachHashKind, entryCount: UInt64, minimumCount: UInt64,
                 maximumCount: UInt64, falsePositiveBits: Int, bucketBits: Int, riceParameter: Int,
                 tierOrder: [Int], sourceDigest: [UInt8], fileSize: UInt64) {
        self.formatVersion = formatVersion
        self.hashKind = hashKind
        self.entryCount = entryCount
        self.minimumCount = minimumCount
        self.maximumCount = maximumCount
        self.falsePositiveBits = falsePositiveBits
        self.bucketBits = bucketBits
        self.riceParameter = riceParameter
        self.tierOrder = tierOrder
        self.sourceDigest = sourceDigest
        self.fileSize = fileSize
    }

    /// Where the bucket directory starts.
    var directoryOffset: UInt64 { UInt64(BreachFormat.headerSize) }
    /// Where the first bucket starts.
    var bucketAreaOffset: UInt64 { directoryOffset + UInt64(bucketCount + 1) * UInt64(BreachFormat.directoryEntrySize) }

    /// The number of buckets, 2^`bucketBits`.
    public var bucketCount: Int { 1 << bucketBits }

    /// File size in bits divided by the entry count (0 for an empty file).
    public var bitsPerEntry: Double {
        entryCount == 0 ? 0 : Double(fileSize) * 8 / Double(entryCount)
    }

    /// The bound on the false-positive rate, 2^-`falsePositiveBits`.
    public var falsePositiveRate: Double {
        var rate = 1.0
        for _ in 0..<falsePositiveBits { rate /= 2 }
        return rate
    }

    /// `sourceDigest` in lower-case hexadecimal.
    public var sourceDigestHex: String { BreachFormat.hex(sourceDigest) }
}

/// Format constants and the pieces of the format shared by the reader and
/// the writer (docs/breach-db.md is the reference; keep them in step).
package enum BreachFormat {
    package static let magic: [UInt8] = Array("PWGBRD01".utf8)
    package static let version: UInt32 = 1
    package static let headerSize = 128
    package static let directoryEntrySize = 5
    /// Checksum (4 bytes) and entry count (2 bytes) open every bucket.
    package static let bucketHeaderSize = 6
    package static let maxBucketEntries = 65_535
    package static let maxBucketBits = 30
    package static let maxFalsePositiveBits = 40
    /// The Rice remainder and a tier code must fit in the 57 bits one
    /// unaligned 64-bit load guarantees.
    package static let maxRiceParameter = 48
    package static let countCodingDecadeTiers: UInt8 = 1
    /// A tier codeword is at most this many one bits, then a zero.
    package static let maxTierRank = BreachTiers.count - 1

    // Header field offsets.
    package static let offVersion = 8, offHeaderSize = 12, offHashKind = 16, offBucketBits = 17
    package static let offFalsePositiveBits = 18, offRiceParameter = 19, offCountCoding = 20, offTierCount = 21
    package static let offReserved = 22, offTierOrder = 24, offEntryCount = 40, offMinimumCount = 48
    package static let offMaximumCount = 56, offDirectoryOffset = 64, offBucketAreaOffset = 72
    package static let offFileSize = 80, offSourceDigest = 88, offHeaderChecksum = 120
    package static let tierOrderSlots = 16

    /// The key space of a bucket of `entries` entries: with keys spread
    /// over n·(2^f + n + 1) values, a hash outside the set lands on a key of
    /// the set with probability at most 2^-f, rounding included (see the
    /// format document for the bound; it needs n ≤ 65,535 and f ≤ 32).
    /// Fits in 64 bits for any n ≤ 65,535 and f ≤ 40.
    @inline(__always)
    package static func universe(entries: Int, falsePositiveBits: Int) -> UInt64 {
        let n = UInt64(truncatingIfNeeded: entries) & 0xFFFF
        return n &* ((1 &<< UInt64(falsePositiveBits & 63)) &+ n &+ 1)
    }

    /// The 64 hash bits that follow the `bucketBits` bits choosing the
    /// bucket, from a 96-bit hash prefix (`high`, then `low`).
    @inline(__always)
    package static func localBits(high: UInt64, low: UInt32, bucketBits: Int) -> UInt64 {
        guard bucketBits > 0 else { return high }
        return (high &<< UInt64(bucketBits)) | (UInt64(low) &>> UInt64(32 - bucketBits))
    }

    /// The bucket of a hash whose first 64 bits are `high`.
    @inline(__always)
    package static func bucket(high: UInt64, bucketBits: Int) -> Int {
        guard bucketBits > 0 else { return 0 }
        return Int(truncatingIfNeeded: high &>> UInt64(64 - bucketBits))
    }

    /// Maps the local bits onto the bucket's key space, keeping order:
    /// floor(local · universe / 2^64).
    @inline(__always)
    package static func key(local: UInt64, universe: UInt64) -> UInt64 {
        local.multipliedFullWidth(by: universe).high
    }

    // MARK: Little-endian fields

    @inline(__always)
    package static func readLE(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        guard offset >= 0, count >= 1, count <= 8, offset <= bytes.count - count, let base = bytes.baseAddress else { return 0 }
        if offset <= bytes.count - 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            return count == 8 ? word : word & ((1 &<< UInt64(count * 8)) &- 1)
        }
        for index in 0..<count {
            value |= UInt64(bytes[offset + index]) << UInt64(8 * index)
        }
        return value
    }

    package static func writeLE(_ value: UInt64, _ count: Int, into bytes: inout [UInt8], at offset: Int) {
        guard offset >= 0, count <= 8, offset <= bytes.count - count else { return }
        for index in 0..<count {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index))
        }
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Header

    /// The header bytes for `info`, checksum included.
    package static func encodeHeader(_ info: BreachDatabaseInfo) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: headerSize)
        for (index, byte) in magic.enumerated() { bytes[index] = byte }
        writeLE(UInt64(version), 4, into: &bytes, at: offVersion)
        writeLE(UInt64(headerSize), 4, into: &bytes, at: offHeaderSize)
        bytes[offHashKind] = info.hashKind.rawValue
        bytes[offBucketBits] = UInt8(truncatingIfNeeded: info.bucketBits)
        bytes[offFalsePositiveBits] = UInt8(truncatingIfNeeded: info.falsePositiveBits)
        bytes[offRiceParameter] = UInt8(truncatingIfNeeded: info.riceParameter)
        bytes[offCountCoding] = countCodingDecadeTiers
        bytes[offTierCount] = UInt8(BreachTiers.count)
        for (index, tier) in info.tierOrder.prefix(tierOrderSlots).enumerated() {
            bytes[offTierOrder + index] = UInt8(truncatingIfNeeded: tier)
        }
        writeLE(info.entryCount, 8, into: &bytes, at: offEntryCount)
        writeLE(info.minimumCount, 8, into: &bytes, at: offMinimumCount)
        writeLE(info.maximumCount, 8, into: &bytes, at: offMaximumCount)
        writeLE(info.directoryOffset, 8, into: &bytes, at: offDirectoryOffset)
        writeLE(info.bucketAreaOffset, 8, into: &bytes, at: offBucketAreaOffset)
        writeLE(info.fileSize, 8, into: &bytes, at: offFileSize)
        for (index, byte) in info.sourceDigest.prefix(32).enumerated() { bytes[offSourceDigest + index] = byte }
        let checksum = bytes.withUnsafeBytes { BreachChecksum.hash($0.baseAddress, count: offHeaderChecksum, seed: 0) }
        writeLE(checksum, 8, into: &bytes, at: offHeaderChecksum)
        return bytes
    }

    /// Parses and checks a header: magic, version, checksum, every field's
    /// range, and the section offsets against `fileSize` (the size of the
    /// file as it is now), so that the reader can trust them.
    package static func decodeHeader(_ raw: UnsafeRawBufferPointer, fileSize: UInt64, path: String) throws(BreachError) -> BreachDatabaseInfo {
        guard raw.count >= headerSize, fileSize >= UInt64(headerSize) else {
            throw BreachError(kind: .notADatabase, path: path,
                              message: "not a pwguard breach database (\(fileSize) bytes, shorter than a header)")
        }
        guard (0..<magic.count).allSatisfy({ raw[$0] == magic[$0] }) else {
            throw BreachError(kind: .notADatabase, path: path, message: "not a pwguard breach database (bad magic)")
        }
        let storedChecksum = readLE(raw, offHeaderChecksum, 8)
        let checksum = BreachChecksum.hash(raw.baseAddress, count: offHeaderChecksum, seed: 0)
        guard storedChecksum == checksum else { throw BreachError.corrupt(path, "header checksum mismatch") }
        let version = readLE(raw, offVersion, 4)
        guard version == UInt64(self.version) else {
            throw BreachError(kind: .notADatabase, path: path,
                              message: "unsupported format version \(version) (this pwguard reads version \(self.version))")
        }
        guard readLE(raw, offHeaderSize, 4) == UInt64(headerSize) else { throw BreachError.corrupt(path, "bad header size") }
        guard let kind = BreachHashKind(rawValue: raw[offHashKind]) else {
            throw BreachError.corrupt(path, "unknown hash kind \(raw[offHashKind])")
        }
        let bucketBits = Int(raw[offBucketBits])
        let falsePositiveBits = Int(raw[offFalsePositiveBits])
        let rice = Int(raw[offRiceParameter])
        guard bucketBits <= maxBucketBits else { throw BreachError.corrupt(path, "bucket bits \(bucketBits) out of range") }
        guard (1...maxFalsePositiveBits).contains(falsePositiveBits) else {
            throw BreachError.corrupt(path, "false-positive bits \(falsePositiveBits) out of range")
        }
        guard rice <= maxRiceParameter else { throw BreachError.corrupt(path, "Rice parameter \(rice) out of range") }
        guard raw[offCountCoding] == countCodingDecadeTiers, Int(raw[offTierCount]) == BreachTiers.count else {
            throw BreachError.corrupt(path, "unknown count coding")
        }
        guard raw[offReserved] == 0, raw[offReserved + 1] == 0 else { throw BreachError.corrupt(path, "reserved bytes set") }
        var order: [Int] = []
        for slot in 0..<tierOrderSlots {
            let tier = Int(raw[offTierOrder + slot])
            if slot >= BreachTiers.count {
                guard tier == 0 else { throw BreachError.corrupt(path, "reserved tier slot set") }
            } else {
                order.append(tier)
            }
        }
        guard order.sorted() == Array(0..<BreachTiers.count) else {
            throw BreachError.corrupt(path, "tier order is not a permutation")
        }
        let info = BreachDatabaseInfo(
            formatVersion: Int(version), hashKind: kind,
            entryCount: readLE(raw, offEntryCount, 8),
            minimumCount: readLE(raw, offMinimumCount, 8),
            maximumCount: readLE(raw, offMaximumCount, 8),
            falsePositiveBits: falsePositiveBits, bucketBits: bucketBits, riceParameter: rice,
            tierOrder: order,
            sourceDigest: Array(raw[offSourceDigest..<(offSourceDigest + 32)]),
            fileSize: readLE(raw, offFileSize, 8))
        guard readLE(raw, offDirectoryOffset, 8) == info.directoryOffset,
              readLE(raw, offBucketAreaOffset, 8) == info.bucketAreaOffset else {
            throw BreachError.corrupt(path, "section offsets do not match the bucket count")
        }
        guard info.fileSize == fileSize else {
            throw BreachError.corrupt(path, "file is \(fileSize) bytes, its header says \(info.fileSize) (truncated or extended)")
        }
        // Every bucket takes at least its checksum and count.
        let minimumSize = info.bucketAreaOffset + UInt64(info.bucketCount) * UInt64(bucketHeaderSize)
        guard minimumSize <= fileSize else {
            throw BreachError.corrupt(path, "file too short for \(info.bucketCount) buckets")
        }
        guard info.entryCount <= UInt64(info.bucketCount) * UInt64(maxBucketEntries),
              info.minimumCount >= 1 else {
            throw BreachError.corrupt(path, "entry count or minimum count out of range")
        }
        return info
    }
}

/// Counts are stored as decade tiers: 1, 2–9, 10–99, 100–999, …, 10^9 and more.
public enum BreachTiers {
    /// The number of tiers.
    public static let count = 11

    /// The tier of a count (0 and 1 are tier 0).
    @inline(__always)
    public static func tier(of count: UInt64) -> Int {
        if count < 2 { return 0 }
        if count < 10 { return 1 }
        var tier = 1
        var bound: UInt64 = 10
        while tier < Self.count - 1, count >= bound {
            tier += 1
            bound = bound &* 10
        }
        return tier
    }

    /// The smallest count of a tier.
    public static func lowerBound(_ tier: Int) -> UInt64 {
        switch tier {
        case ...0: return 1
        case 1: return 2
        default:
            var value: UInt64 = 1
            for _ in 1..<min(tier, count - 1) { value *= 10 }
            return value
        }
    }

    /// The largest count of a tier (`UInt64.max` for the last).
    public static func upperBound(_ tier: Int) -> UInt64 {
        guard tier < count - 1 else { return .max }
        return lowerBound(tier + 1) - 1
    }
}

/// The checksum of the header and of every bucket: a 64-bit hash of
/// pwguard's own (docs/breach-db.md gives its exact definition), fast
/// enough to check a whole bucket on every lookup. It detects accidental
/// damage (a truncated copy, flipped bits); it is not meant to resist a
/// forger, who could as well write a valid file of their own.
package enum BreachChecksum {
    package static let lane0: UInt64 = 0x243F_6A88_85A3_08D3
    package static let lane1: UInt64 = 0x1319_8A2E_0370_7344
    package static let lane2: UInt64 = 0xA409_3822_299F_31D0
    package static let lane3: UInt64 = 0x082E_FA98_EC4E_6C89
    package static let multiplier: UInt64 = 0x9FB2_1C65_1E98_DF25
    package static let finalMultiplier: UInt64 = 0xD6E8_FEB8_6659_FD93

    /// Each step is a bijection of the lane for a fixed word, and of the
    /// word for a fixed lane: a change to one word always changes the lane.
    @inline(__always)
    package static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let x = (lane ^ word) &* multiplier
        return x ^ (x &>> 29)
    }

    @inline(__always)
    package static func finish(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x &>> 32
        x &*= finalMultiplier
        x ^= x &>> 32
        x &*= finalMultiplier
        x ^= x &>> 32
        return x
    }

    /// The hash of `count` bytes at `base` (nil only when `count` is 0).
    ///
    /// The whole 8-byte words are cut into four equal runs, one per lane,
    /// read side by side: four sequential streams keep four cache misses in
    /// flight when a bucket comes from memory, where one stream would wait
    /// for each line in turn. The words left over and the last bytes
    /// (zero-padded to a word) go to lanes 0, 1, 2, 3 in turn.
    package static func hash(_ base: UnsafeRawPointer?, count: Int, seed: UInt64) -> UInt64 {
        var lanes = (seed ^ lane0, seed ^ lane1, seed ^ lane2, seed ^ lane3)
        if let base, count > 0 {
            let words = count / 8
            let run = words / 4
            @inline(__always) func word(_ index: Int) -> UInt64 {
                UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self))
            }
            var index = 0
            while index < run {
                lanes.0 = mix(lanes.0, word(index))
                lanes.1 = mix(lanes.1, word(run &+ index))
                lanes.2 = mix(lanes.2, word(2 &* run &+ index))
                lanes.3 = mix(lanes.3, word(3 &* run &+ index))
                index += 1
            }
            var lane = 0
            var offset = 4 * run * 8
            while offset < count {
                let value: UInt64
                if count - offset >= 8 {
                    value = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    offset += 8
                } else {
                    var tail: UInt64 = 0
                    for byte in 0..<(count - offset) {
                        tail |= UInt64(base.load(fromByteOffset: offset + byte, as: UInt8.self)) << UInt64(8 * byte)
                    }
                    value = tail
                    offset = count
                }
                switch lane {
                case 0: lanes.0 = mix(lanes.0, value)
                case 1: lanes.1 = mix(lanes.1, value)
                case 2: lanes.2 = mix(lanes.2, value)
                default: lanes.3 = mix(lanes.3, value)
                }
                lane += 1
            }
        }
        // The length is folded in, so zero padding cannot pass for data.
        var h = UInt64(truncatingIfNeeded: count) ^ seed
        h = (h ^ finish(lanes.0)) &* multiplier
        h = (h ^ finish(lanes.1)) &* multiplier
        h = (h ^ finish(lanes.2)) &* multiplier
        h = (h ^ finish(lanes.3)) &* multiplier
        return finish(h)
    }
}
