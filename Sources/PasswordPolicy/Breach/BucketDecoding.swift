/// One bucket's bytes, as laid out in docs/breach-db.md: after the 4-byte
/// checksum and the 2-byte entry count, one bit stream (least significant
/// bit first) holding, in order,
///
/// 1. the Rice remainders of the n gaps, `rice` bits each;
/// 2. the Rice quotients, in unary (q zeros, then a one);
/// 3. the count tiers, by rank in the header's tier order (k ones, then a zero);
///
/// then zero bits to the end of the last byte. Fixed-width remainders sit
/// at known positions and the quotients are runs ending in a one, so a
/// lookup's scan is a chain of "count trailing zeros, shift" on one 64-bit
/// window plus independent loads; the tiers are only reached on a match,
/// by counting bits a word at a time.
///
/// Every read is bounds-checked against `readable`, and every position
/// against the bucket's end, so damaged bits end in `.corrupt`, never in a
/// read outside the bytes given.
struct BucketView {
    let base: UnsafeRawPointer
    /// Bytes that may be loaded from `base`: the bucket and any slack after it.
    let readable: Int
    /// The bucket's length in bits.
    let endBit: Int
    let entries: Int
    let universe: UInt64
    let rice: Int
    let riceMask: UInt64
    /// Quotients exceeding this give a key outside the universe.
    let maxQuotient: UInt64
    /// Where the remainders start and the quotients start.
    static let remainderStart = BreachFormat.bucketHeaderSize * 8
    let unaryStart: Int

    init?(base: UnsafeRawPointer, readable: Int, length: Int, entries: Int, universe: UInt64, rice: Int) {
        self.base = base
        self.readable = readable
        self.endBit = length * 8
        self.entries = entries
        self.universe = universe
        self.rice = rice
        self.riceMask = rice == 0 ? 0 : (~0 as UInt64) &>> UInt64(64 - rice)
        self.maxQuotient = universe &>> UInt64(rice)
        self.unaryStart = Self.remainderStart + entries * rice
        // Each entry also needs a quotient and a tier bit at least.
        guard unaryStart + 2 * entries <= endBit else { return nil }
    }

    /// At least 57 stream bits from `position`, least significant first;
    /// zeros past the readable bytes.
    @inline(__always)
    func peek(_ position: Int) -> UInt64 {
        let byte = position &>> 3
        let shift = UInt64(position & 7)
        if byte &+ 8 <= readable {
            return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) &>> shift
        }
        var word: UInt64 = 0
        var index = 0
        while index < 8, byte &+ index < readable {
            word |= UInt64(base.load(fromByteOffset: byte &+ index, as: UInt8.self)) &<< UInt64(8 * index)
            index += 1
        }
        return word &>> shift
    }

    @inline(__always)
    func remainder(_ index: Int) -> UInt64 {
        peek(Self.remainderStart &+ index &* rice) & riceMask
    }

    /// The position just after the `count`-th one (or zero, with
    /// `ones: false`) bit from `position`; nil past the bucket's end.
    func skip(from position: Int, count: Int, ones: Bool) -> Int? {
        var bit = position
        var remaining = count
        let mask: UInt64 = (1 << 56) - 1
        while remaining > 0 {
            guard bit < endBit else { return nil }
            let word = (ones ? peek(bit) : ~peek(bit)) & mask
            let found = word.nonzeroBitCount
            if found < remaining {
                remaining -= found
                bit += 56
                continue
            }
            var rest = word
            for _ in 1..<remaining { rest &= rest &- 1 }
            bit += rest.trailingZeroBitCount + 1
            remaining = 0
        }
        return bit <= endBit ? bit : nil
    }

    /// The codeword rank at `position` (its count of leading one bits) and
    /// the position after it; nil for a damaged codeword.
    @inline(__always)
    func tierRank(at position: Int) -> (rank: Int, next: Int)? {
        let ones = (~peek(position)).trailingZeroBitCount
        guard ones <= BreachFormat.maxTierRank else { return nil }
        let next = position + ones + 1
        return next <= endBit ? (ones, next) : nil
    }

    enum Lookup: Equatable {
        case notFound
        /// The largest tier rank among the entries with the key.
        case found(rank: Int)
        case corrupt(String)
    }

    /// The result of the scan: where it stopped.
    struct Scan {
        var key: UInt64
        var index: Int
        var unaryBit: Int
        var corrupt: Bool
    }

    /// The scan: a quotient from the unary window (count trailing zeros,
    /// shift), a remainder from its fixed place, until the keys reach the
    /// target. Keys stay below 2^58 here (each step adds less than 2^55 to
    /// a key below the target), so nothing can overflow before the checks
    /// made by the caller. Always inlined, so that each call site gets a
    /// copy specialised for its `rice` and `load`.
    @inline(__always)
    private func scan(target: UInt64, rice: Int, load: (Int) -> UInt64) -> Scan {
        let shift = UInt64(rice)
        let mask: UInt64 = rice == 0 ? 0 : (~0 as UInt64) &>> UInt64(64 - rice)
        let unaryStart = self.unaryStart
        let endBit = self.endBit
        let maxQuotient = self.maxQuotient
        var window: UInt64 = 0
        var unaryBit = unaryStart
        var remainderBit = Self.remainderStart
        var key: UInt64 = 0
        var index = 0
        while remainderBit < unaryStart {
            var quotient: UInt64 = 0
            if window == 0 {
                // Loads only start inside the bucket: with 8 bytes of slack
                // after it, a whole-word load never leaves the bytes given.
                guard unaryBit < endBit else { return Scan(key: key, index: index, unaryBit: unaryBit, corrupt: true) }
                window = load(unaryBit)
                while window == 0 {
                    // 57 or more zeros: a huge gap, or damage.
                    quotient &+= 56
                    unaryBit &+= 56
                    guard quotient <= maxQuotient, unaryBit < endBit else {
                        return Scan(key: key, index: index, unaryBit: unaryBit, corrupt: true)
                    }
                    window = load(unaryBit)
                }
            }
            let zeros = window.trailingZeroBitCount
            window = (window &>> UInt64(zeros)) &>> 1
            unaryBit &+= zeros &+ 1
            key &+= ((quotient &+ UInt64(zeros)) &<< shift) | (load(remainderBit) & mask)
            if key >= target { break }
            remainderBit &+= rice
            index &+= 1
        }
        return Scan(key: key, index: index, unaryBit: unaryBit, corrupt: false)
    }

    /// Finds `target` among the bucket's keys.
    func lookup(target: UInt64) -> Lookup {
        let base = self.base
        // With 8 readable bytes after the bucket, loads need no bounds test.
        let slack = (endBit &>> 3) &+ 8 <= readable
        @inline(__always) func fast(_ position: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position &>> 3, as: UInt64.self))
                &>> UInt64(position & 7)
        }
        let result: Scan
        if slack && rice == 31 {
            // The parameter every f = 32 file has: a constant shift and mask.
            result = scan(target: target, rice: 31, load: fast)
        } else if slack {
            result = scan(target: target, rice: rice, load: fast)
        } else {
            result = scan(target: target, rice: rice, load: peek)
        }
        guard !result.corrupt else { return .corrupt("gap out of range") }
        let key = result.key
        let index = result.index
        var unaryBit = result.unaryBit
        guard unaryBit <= endBit else { return .corrupt("quotients overrun the bucket") }
        guard index < entries else { return .notFound }
        guard key < universe else { return .corrupt("key out of range") }
        guard key == target else { return .notFound }
        var decoded = index + 1

        // A match. Hashes sharing the key follow with gaps of 0.
        var last = index
        while last + 1 < entries {
            guard peek(unaryBit) & 1 == 1, remainder(last + 1) == 0 else { break }
            unaryBit += 1
            last += 1
            decoded = last + 1
        }
        // The tiers start after the last quotient; skip to entry `index`'s.
        guard let tierStart = skip(from: unaryBit, count: entries - decoded, ones: true),
              var position = skip(from: tierStart, count: index, ones: false) else {
            return .corrupt("streams overrun the bucket")
        }
        var best = -1
        for _ in index...last {
            guard let (rank, next) = tierRank(at: position) else { return .corrupt("invalid count tier code") }
            best = max(best, rank)
            position = next
        }
        return .found(rank: best)
    }
}

/// Decodes every entry of a bucket in order (ranges, verification).
struct BucketIterator {
    enum Step: Equatable {
        case entry(key: UInt64, rank: Int)
        case end
        case corrupt(String)
    }

    let view: BucketView
    private var unaryBit: Int
    private var tierBit: Int
    private var index = 0
    private var key: UInt64 = 0

    /// Nil when the quotients run past the bucket's end.
    init?(_ view: BucketView) {
        self.view = view
        unaryBit = view.unaryStart
        guard let tierStart = view.skip(from: view.unaryStart, count: view.entries, ones: true) else { return nil }
        tierBit = tierStart
    }

    mutating func next() -> Step {
        guard index < view.entries else { return .end }
        var quotient: UInt64 = 0
        var window = view.peek(unaryBit)
        while window == 0 {
            quotient &+= 56
            unaryBit &+= 56
            guard quotient <= view.maxQuotient, unaryBit < view.endBit else { return .corrupt("gap out of range") }
            window = view.peek(unaryBit)
        }
        let zeros = window.trailingZeroBitCount
        quotient &+= UInt64(zeros)
        unaryBit &+= zeros &+ 1
        guard quotient <= view.maxQuotient, unaryBit <= view.endBit else { return .corrupt("gap out of range") }
        key &+= (quotient &<< UInt64(view.rice)) | view.remainder(index)
        guard key < view.universe else { return .corrupt("key out of range") }
        guard let (rank, next) = view.tierRank(at: tierBit) else { return .corrupt("invalid count tier code") }
        tierBit = next
        index += 1
        return .entry(key: key, rank: rank)
    }

    /// After the last entry: the stream ends in the bucket's last byte and
    /// the bits after it are zero.
    func paddingIsClean() -> Bool {
        guard index == view.entries, (tierBit + 7) / 8 == view.endBit / 8 else { return false }
        guard tierBit < view.endBit else { return true }
        let unused = view.endBit - tierBit
        return view.peek(tierBit) & ((1 &<< UInt64(unused)) &- 1) == 0
    }
}
