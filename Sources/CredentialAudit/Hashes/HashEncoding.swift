import FoundationEssentials

/// The text encodings stored hashes use for their binary parts.
enum HashEncoding {
    /// Hex digits (either case) to bytes; nil if any character is not hex or the count is odd.
    static func hex(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = nibble(digits[i]), let low = nibble(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Standard base64 ("+/"), padding optional; nil if malformed.
    static func base64(_ text: some StringProtocol) -> [UInt8]? {
        var s = String(text)
        guard !s.isEmpty else { return nil }
        s = s.replacing("-", with: "+").replacing("_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        guard let data = Data(base64Encoded: s) else { return nil }
        return [UInt8](data)
    }

    /// passlib's "adapted base64" (OpenLDAP pw-pbkdf2, PHC pbkdf2): "." stands for "+", no padding.
    static func adaptedBase64(_ text: some StringProtocol) -> [UInt8]? {
        base64(String(text).replacing(".", with: "+"))
    }

    /// The crypt(3) alphabet "./0-9A-Za-z": the value of one character, or nil.
    static func cryptValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x2E, 0x2F: return Int(c) - 0x2E          // . /
        case 0x30...0x39: return Int(c) - 0x30 + 2     // 0-9
        case 0x41...0x5A: return Int(c) - 0x41 + 12    // A-Z
        case 0x61...0x7A: return Int(c) - 0x61 + 38    // a-z
        default: return nil
        }
    }
}
