/// SHA-1 and MD4, written here so that the library (and with it the PAM
/// module) needs no libcrypto: loading libcrypto into a login costs about
/// 3 million instructions of symbol relocation, more than checking the
/// password. They look passwords up in breached-password lists (Have I Been
/// Pwned's SHA-1 and NTLM = MD4 of UTF-16LE); they protect nothing (both are
/// broken for that), and the tests compare them with libcrypto on random
/// inputs. (The database builder, in its own module, uses libcrypto's
/// SHA-256 for speed on gigabytes of input.)
///
/// Both are Merkle–Damgård hashes over 64-byte blocks: `MDHasher` buffers
/// input and pads; each algorithm supplies its compression function and
/// byte order.
protocol MDCompression {
    /// The chaining state, as the algorithm's 32-bit words.
    var state: [UInt32] { get set }
    /// Whether the length and the state are written big-endian (SHA) or little-endian (MD4).
    static var bigEndian: Bool { get }
    /// Folds one 64-byte block (`block[0..<64]`) into the state.
    mutating func compress(_ block: UnsafeRawBufferPointer)
}

/// Streaming front end shared by the three digests.
struct MDHasher<Compression: MDCompression> {
    private var compression: Compression
    private var pending = [UInt8](repeating: 0, count: 64)
    private var pendingCount = 0
    private var totalBytes: UInt64 = 0

    init(_ compression: Compression) { self.compression = compression }

    /// Adds bytes.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let take = min(64 - pendingCount, bytes.count)
            for index in 0..<take { pending[pendingCount + index] = bytes[index] }
            pendingCount += take
            offset = take
            guard pendingCount == 64 else { return }
            pending.withUnsafeBytes { compression.compress($0) }
            pendingCount = 0
        }
        while bytes.count - offset >= 64 {
            compression.compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 64)]))
            offset += 64
        }
        for index in offset..<bytes.count { pending[pendingCount] = bytes[index]; pendingCount += 1 }
    }

    /// Adds bytes.
    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads, and returns the digest: the state's words, `wordCount` of them.
    mutating func finish() -> [UInt8] {
        let bitLength = totalBytes &* 8
        var padding: [UInt8] = [0x80]
        let afterMarker = (pendingCount + 1) % 64
        padding += [UInt8](repeating: 0, count: afterMarker <= 56 ? 56 - afterMarker : 120 - afterMarker)
        for index in 0..<8 {
            let shift = Compression.bigEndian ? (7 - index) * 8 : index * 8
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let savedTotal = totalBytes
        update(padding)
        totalBytes = savedTotal
        pending.wipe()
        var digest: [UInt8] = []
        for word in compression.state {
            for index in 0..<4 {
                let shift = Compression.bigEndian ? (3 - index) * 8 : index * 8
                digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return digest
    }
}

@inline(__always) private func rotl(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value << count) | (value >> (32 &- count))
}

@inline(__always) private func loadBigEndian(_ block: UnsafeRawBufferPointer, _ word: Int) -> UInt32 {
    let offset = word &* 4
    return UInt32(block[offset]) << 24 | UInt32(block[offset &+ 1]) << 16
        | UInt32(block[offset &+ 2]) << 8 | UInt32(block[offset &+ 3])
}

@inline(__always) private func loadLittleEndian(_ block: UnsafeRawBufferPointer, _ word: Int) -> UInt32 {
    let offset = word &* 4
    return UInt32(block[offset]) | UInt32(block[offset &+ 1]) << 8
        | UInt32(block[offset &+ 2]) << 16 | UInt32(block[offset &+ 3]) << 24
}

/// SHA-1 (FIPS 180-4).
struct SHA1Compression: MDCompression {
    var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    static let bigEndian = true

    mutating func compress(_ block: UnsafeRawBufferPointer) {
        var w = [UInt32](repeating: 0, count: 80)
        for t in 0..<16 { w[t] = loadBigEndian(block, t) }
        for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
        var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4]
        for t in 0..<80 {
            let f: UInt32, k: UInt32
            switch t {
            case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
            case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
            case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
            default: f = b ^ c ^ d; k = 0xCA62_C1D6
            }
            let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
            e = d; d = c; c = rotl(b, 30); b = a; a = temp
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d; state[4] &+= e
        w.wipe()
    }
}

/// MD4 (RFC 1320), for NTLM hashes.
struct MD4Compression: MDCompression {
    var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476]
    static let bigEndian = false
    private static let round2Order = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]
    private static let round3Order = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]

    mutating func compress(_ block: UnsafeRawBufferPointer) {
        var x = [UInt32](repeating: 0, count: 16)
        for index in 0..<16 { x[index] = loadLittleEndian(block, index) }
        // Step i updates word (4 - i mod 4) mod 4 of A, B, C, D from the next three.
        var h = state
        for index in 0..<16 {
            let a = (4 - index % 4) % 4, b = (a + 1) % 4, c = (a + 2) % 4, d = (a + 3) % 4
            h[a] = rotl(h[a] &+ ((h[b] & h[c]) | (~h[b] & h[d])) &+ x[index], [3, 7, 11, 19][index % 4])
        }
        for index in 0..<16 {
            let a = (4 - index % 4) % 4, b = (a + 1) % 4, c = (a + 2) % 4, d = (a + 3) % 4
            let f = (h[b] & h[c]) | (h[b] & h[d]) | (h[c] & h[d])
            h[a] = rotl(h[a] &+ f &+ x[Self.round2Order[index]] &+ 0x5A82_7999, [3, 5, 9, 13][index % 4])
        }
        for index in 0..<16 {
            let a = (4 - index % 4) % 4, b = (a + 1) % 4, c = (a + 2) % 4, d = (a + 3) % 4
            h[a] = rotl(h[a] &+ (h[b] ^ h[c] ^ h[d]) &+ x[Self.round3Order[index]] &+ 0x6ED9_EBA1, [3, 9, 11, 15][index % 4])
        }
        for index in 0..<4 { state[index] &+= h[index] }
        x.wipe()
    }
}

/// One-shot digests.
enum Digest {
    /// SHA-1 of `bytes` (20 bytes).
    static func sha1(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = MDHasher(SHA1Compression())
        hasher.update(bytes)
        return hasher.finish()
    }

    /// MD4 of `bytes` (16 bytes).
    static func md4(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = MDHasher(MD4Compression())
        hasher.update(bytes)
        return hasher.finish()
    }
}
