/// Hashing passwords the way Have I Been Pwned's lists do (digests in Digests.swift).
public enum BreachHash {
    /// The digest of `password` under `kind`: SHA-1 of its bytes, or NTLM
    /// (MD4 of its UTF-16LE form), upper-case hex in Have I Been Pwned's files.
    ///
    /// For NTLM the bytes are decoded as UTF-8; each byte that is not part
    /// of valid UTF-8 becomes U+FFFD, as a UTF-8 decoder on Windows would
    /// make it (such passwords can hardly be in a list built from text).
    /// The intermediate UTF-16 copy is wiped.
    public static func digest(of password: [UInt8], kind: BreachHashKind) -> [UInt8] {
        switch kind {
        case .sha1:
            return password.withUnsafeBytes { Digest.sha1($0) }
        case .ntlm:
            var utf16 = utf16LittleEndian(password)
            defer { utf16.wipe() }
            return utf16.withUnsafeBytes { Digest.md4($0) }
        }
    }

    /// UTF-16LE of UTF-8 bytes, invalid bytes as U+FFFD.
    static func utf16LittleEndian(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        // Reserved once (at most 4 output bytes per input byte) so that no
        // reallocation leaves an unwiped copy behind.
        out.reserveCapacity(bytes.count * 4)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let step = UTF8Decoding.decode(buffer, at: index)
                let scalar = step.valid ? step.scalar : 0xFFFD
                if scalar >= 0x10000 {
                    let value = scalar - 0x10000
                    let high = 0xD800 + (value >> 10)
                    let low = 0xDC00 + (value & 0x3FF)
                    out.append(UInt8(truncatingIfNeeded: high))
                    out.append(UInt8(truncatingIfNeeded: high >> 8))
                    out.append(UInt8(truncatingIfNeeded: low))
                    out.append(UInt8(truncatingIfNeeded: low >> 8))
                } else {
                    out.append(UInt8(truncatingIfNeeded: scalar))
                    out.append(UInt8(truncatingIfNeeded: scalar >> 8))
                }
                index += max(step.length, 1)
            }
        }
        return out
    }

    /// The bytes of a hexadecimal string (either case), or nil when it is
    /// not an even number of hex digits.
    public static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            let high = HexDigits.value(digits[index])
            let low = HexDigits.value(digits[index + 1])
            guard high < 16, low < 16 else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// Upper-case hexadecimal, as Have I Been Pwned writes hashes.
    public static func hex(_ bytes: [UInt8]) -> String {
        BreachFormat.hex(bytes).uppercased()
    }
}

/// Hex digit values by byte: 0–15, or 255 for anything else.
package enum HexDigits {
    package static let table: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for (index, byte) in "0123456789".utf8.enumerated() { table[Int(byte)] = UInt8(index) }
        for (index, byte) in "abcdef".utf8.enumerated() { table[Int(byte)] = UInt8(10 + index) }
        for (index, byte) in "ABCDEF".utf8.enumerated() { table[Int(byte)] = UInt8(10 + index) }
        return table
    }()

    /// The same table at a fixed address, for the parsing loops. Written
    /// once, then only read: safe to share.
    nonisolated(unsafe) package static let pointer: UnsafePointer<UInt8> = {
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        copy.initialize(from: table, count: 256)
        return UnsafePointer(copy)
    }()

    @inline(__always)
    package static func value(_ byte: UInt8) -> UInt8 { table[Int(byte)] }

    /// Upper-case digits by value.
    package static let upper: [UInt8] = Array("0123456789ABCDEF".utf8)
}

/// The first 96 bits of a hash, big-endian, and a count: the unit the
/// builder sorts and merges. 16 bytes, so a chunk of records is dense.
package struct HashRecord: Sendable, Equatable {
    /// Bits 0–63 of the hash.
    package var high: UInt64
    /// Bits 64–95 of the hash.
    package var low: UInt32
    /// How many times the hash was seen (saturating).
    package var count: UInt32

    @inline(__always)
    package static func < (a: HashRecord, b: HashRecord) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    @inline(__always)
    package func sameHash(as other: HashRecord) -> Bool { high == other.high && low == other.low }

    /// The record of a digest (at least 12 bytes).
    package init(digest: UnsafeRawBufferPointer, count: UInt32) {
        guard digest.count >= 12 else {
            self.init(high: 0, low: 0, count: count)
            return
        }
        var high: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(digest[index]) }
        var low: UInt32 = 0
        for index in 8..<12 { low = low << 8 | UInt32(digest[index]) }
        self.init(high: high, low: low, count: count)
    }

    package init(high: UInt64, low: UInt32, count: UInt32) {
        self.high = high
        self.low = low
        self.count = count
    }
}
