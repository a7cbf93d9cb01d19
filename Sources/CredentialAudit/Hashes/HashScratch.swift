import CCrypt
import COpenSSL
import Glibc

/// The working memory one thread needs to verify candidates: libxcrypt's
/// `struct crypt_data` (about 32 KB), a buffer for the NUL-terminated
/// candidate, and room for digests. Allocated once, so verifying allocates
/// nothing in Swift; wiped and freed on deinit.
///
/// Not thread-safe: give each thread its own.
public final class HashScratch {
    static let cryptDataSize = Int32(MemoryLayout<crypt_data>.size)
    /// libxcrypt refuses longer passphrases (CRYPT_MAX_PASSPHRASE_SIZE).
    static let maxPhrase = 512
    static let workSize = 1024
    static let outputSize = 256

    let cryptData: UnsafeMutablePointer<crypt_data>
    /// The candidate as a C string.
    let phrase: UnsafeMutablePointer<CChar>
    /// Digests, derived keys, UTF-16 text.
    let work: UnsafeMutablePointer<UInt8>
    /// Text output of a library (APR's encoded hash).
    let output: UnsafeMutablePointer<CChar>

    /// Fresh, zeroed scratch (libxcrypt wants `crypt_data` zeroed before its first use).
    public init() {
        cryptData = .allocate(capacity: 1)
        UnsafeMutableRawPointer(cryptData).initializeMemory(as: UInt8.self, repeating: 0,
                                                            count: MemoryLayout<crypt_data>.size)
        phrase = .allocate(capacity: HashScratch.maxPhrase + 1)
        phrase.initialize(repeating: 0, count: HashScratch.maxPhrase + 1)
        work = .allocate(capacity: HashScratch.workSize)
        work.initialize(repeating: 0, count: HashScratch.workSize)
        output = .allocate(capacity: HashScratch.outputSize)
        output.initialize(repeating: 0, count: HashScratch.outputSize)
    }

    deinit {
        // Candidates and their intermediate values pass through here.
        explicit_bzero(cryptData, MemoryLayout<crypt_data>.size)
        explicit_bzero(phrase, HashScratch.maxPhrase + 1)
        explicit_bzero(work, HashScratch.workSize)
        explicit_bzero(output, HashScratch.outputSize)
        cryptData.deallocate()
        phrase.deallocate()
        work.deallocate()
        output.deallocate()
    }

    /// Copies `candidate` into `phrase` with a terminating NUL; nil when it
    /// cannot be a C string (contains NUL) or libxcrypt would refuse it.
    func cString(_ candidate: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<CChar>? {
        guard candidate.count <= HashScratch.maxPhrase else { return nil }
        var i = 0
        while i < candidate.count {
            let byte = candidate[i]
            if byte == 0 { return nil }
            phrase[i] = CChar(bitPattern: byte)
            i &+= 1
        }
        phrase[i] = 0
        return phrase
    }

    /// True when the first `expected.count` bytes of `work` equal `expected`.
    func workEquals(_ expected: [UInt8]) -> Bool {
        expected.withUnsafeBytes { pwguard_equal($0.baseAddress, work, $0.count) == 1 }
    }

    /// Writes `candidate` (UTF-8) to `work` as UTF-16LE, as Windows hashes
    /// it; the byte count, or nil for invalid UTF-8 or text that does not
    /// fit in half of `work` (the other half takes the digest).
    func utf16LE(_ candidate: UnsafeBufferPointer<UInt8>) -> Int? {
        let limit = HashScratch.workSize / 2
        var out = 0
        var i = 0
        let n = candidate.count
        while i < n {
            let lead = UInt32(candidate[i])
            var scalar: UInt32
            var extra: Int
            switch lead {
            case 0..<0x80: scalar = lead; extra = 0
            case 0xC2..<0xE0: scalar = lead & 0x1F; extra = 1
            case 0xE0..<0xF0: scalar = lead & 0x0F; extra = 2
            case 0xF0..<0xF5: scalar = lead & 0x07; extra = 3
            default: return nil
            }
            guard i &+ extra < n else { return nil }
            var k = 1
            while k <= extra {
                let next = UInt32(candidate[i &+ k])
                guard next & 0xC0 == 0x80 else { return nil }
                scalar = (scalar << 6) | (next & 0x3F)
                k &+= 1
            }
            // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
            if (extra == 2 && scalar < 0x800) || (extra == 3 && (scalar < 0x10000 || scalar > 0x10FFFF))
                || (scalar >= 0xD800 && scalar < 0xE000) { return nil }
            i &+= extra &+ 1
            if scalar >= 0x10000 {
                guard out &+ 4 <= limit else { return nil }
                let v = scalar &- 0x10000
                let high = 0xD800 | (v >> 10), low = 0xDC00 | (v & 0x3FF)
                work[out] = UInt8(high & 0xFF); work[out &+ 1] = UInt8(high >> 8)
                work[out &+ 2] = UInt8(low & 0xFF); work[out &+ 3] = UInt8(low >> 8)
                out &+= 4
            } else {
                guard out &+ 2 <= limit else { return nil }
                work[out] = UInt8(scalar & 0xFF); work[out &+ 1] = UInt8(scalar >> 8)
                out &+= 2
            }
        }
        return out
    }
}
