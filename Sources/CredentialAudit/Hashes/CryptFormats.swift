import CCrypt

/// crypt(3) strings, as libxcrypt reads them: the scheme from the prefix,
/// legacy status from `crypt_checksalt`, cost from the parameters.
enum CryptFormats {
    static func parse(_ stored: String) -> PasswordHash? {
        let bytes = Array(stored.utf8)
        guard !bytes.isEmpty, !bytes.contains(0), bytes.count < 1024,
              let scheme = scheme(of: stored, bytes: bytes) else { return nil }
        let setting = Array(stored.utf8CString)
        let check = setting.withUnsafeBufferPointer { crypt_checksalt($0.baseAddress) }
        // INVALID: not a string libxcrypt reads; DISABLED: a method this build leaves out.
        // A bare setting ("$6$salt") passes crypt_checksalt but can match nothing.
        let verifiable = (check == CRYPT_SALT_OK || check == CRYPT_SALT_METHOD_LEGACY)
            && hasHashPart(scheme, stored)
        let (cost, lowCost) = costOf(scheme, stored)
        var digest: PasswordHash.UnsaltedDigest?
        if scheme == .ntHash, let hex = HashEncoding.hex(stored.dropFirst(4)), hex.count == 16 {
            digest = .ntlm(hex)
        }
        return PasswordHash(scheme: scheme, isLegacy: check == CRYPT_SALT_METHOD_LEGACY, cost: cost,
                            isLowCost: lowCost, unsaltedDigest: digest,
                            verifier: verifiable ? .crypt(setting: setting) : .none)
    }

    /// The scheme a crypt string's prefix names, or nil if none does.
    static func scheme(of stored: String, bytes: [UInt8]) -> PasswordHash.Scheme? {
        let prefixes: [(String, PasswordHash.Scheme)] = [
            ("$y$", .yescrypt), ("$gy$", .gostYescrypt), ("$7$", .scrypt),
            ("$2a$", .bcrypt), ("$2b$", .bcrypt), ("$2x$", .bcrypt), ("$2y$", .bcrypt),
            ("$6$", .sha512crypt), ("$5$", .sha256crypt), ("$sha1$", .sha1crypt), ("$md5", .sunMD5),
            ("$1$", .md5crypt), ("$3$$", .ntHash),
        ]
        for (prefix, scheme) in prefixes where stored.hasPrefix(prefix) { return scheme }
        if bytes.first == UInt8(ascii: "_") { return bytes.count == 20 ? .bsdicrypt : nil }
        // Traditional DES: 2 salt + 11 hash characters; bigcrypt adds 11 per 8 password bytes.
        guard bytes.allSatisfy({ HashEncoding.cryptValue($0) != nil }) else { return nil }
        if bytes.count == 13 { return .descrypt }
        if bytes.count > 13, (bytes.count - 13) % 11 == 0 { return .bigcrypt }
        return nil
    }

    /// Length of the hash text after the last "$" for each "$"-scheme.
    static let hashPartLength: [PasswordHash.Scheme: Int] = [
        .yescrypt: 43, .gostYescrypt: 43, .scrypt: 43, .bcrypt: 53, .sha512crypt: 86, .sha256crypt: 43,
        .sha1crypt: 28, .sunMD5: 22, .md5crypt: 22, .ntHash: 32,
    ]

    /// True when the string carries a hash of the right length, not only a setting.
    static func hasHashPart(_ scheme: PasswordHash.Scheme, _ stored: String) -> Bool {
        guard let length = hashPartLength[scheme] else { return true }
        // On the UTF-8 view: String.split compares Characters (grapheme
        // breaking), a third of a 100,000-account scan.
        let bytes = stored.utf8
        let afterLastDollar = bytes.lastIndex(of: UInt8(ascii: "$")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return bytes.distance(from: afterLastDollar, to: bytes.endIndex) == length
    }

    /// The human-readable cost and whether it is under `CostFloor`.
    static func costOf(_ scheme: PasswordHash.Scheme, _ stored: String) -> (String?, Bool) {
        let fields = stored.utf8.split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
            .map { Substring($0) }
        switch scheme {
        case .sha512crypt, .sha256crypt:
            var rounds = 5000
            if fields.count > 2, fields[2].hasPrefix("rounds="), let value = Int(fields[2].dropFirst(7)) {
                // libxcrypt clamps to 1000...999,999,999.
                rounds = min(max(value, 1000), 999_999_999)
            }
            return ("rounds=\(rounds)", rounds < CostFloor.shaCryptRounds)
        case .bcrypt:
            guard fields.count > 2, let value = Int(fields[2]) else { return (nil, false) }
            return ("cost=\(value)", value < CostFloor.bcryptCost)
        case .yescrypt, .gostYescrypt:
            guard fields.count > 2 else { return (nil, false) }
            let parameters = String(fields[2])
            let p = Array(parameters.utf8)
            // "<flavor><log2 N - 1><r - 1>", one character each for the values
            // distributions write; longer encodings are reported but not judged.
            if p.count == 3, let logN = HashEncoding.cryptValue(p[1]), let r = HashEncoding.cryptValue(p[2]),
               logN < 47, r < 47 {
                let blocks = (1 << (logN + 1)) * (r + 1)
                return (parameters, blocks < CostFloor.yescryptBlocks)
            }
            return (parameters, false)
        case .scrypt:
            // "$7$" + log2 N (1 char) + r (5 chars) + p (5 chars), little-endian base64.
            let p = Array(stored.utf8)
            guard p.count >= 14, let logN = HashEncoding.cryptValue(p[3]),
                  let r = littleEndian30(p[4..<9]), let parallel = littleEndian30(p[9..<14]) else { return (nil, false) }
            return ("N=2^\(logN),r=\(r),p=\(parallel)", logN < CostFloor.scryptLog2N)
        case .sha1crypt:
            guard fields.count > 2, let value = Int(fields[2]) else { return (nil, false) }
            return ("rounds=\(value)", false)
        case .sunMD5:
            if let range = stored.firstRange(of: "rounds="), let value = Int(stored[range.upperBound...].prefix(while: \.isNumber)) {
                return ("rounds=\(value)", false)
            }
            return (nil, false)
        case .bsdicrypt:
            let p = Array(stored.utf8)
            guard p.count >= 5, let rounds = littleEndian30(p[1..<5]) else { return (nil, false) }
            return ("rounds=\(rounds)", false)
        default:
            return (nil, false)
        }
    }

    /// Little-endian crypt-base64 digits, 6 bits each.
    private static func littleEndian30(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var shift = 0
        for c in digits {
            guard let v = HashEncoding.cryptValue(c) else { return nil }
            value |= v << shift
            shift += 6
        }
        return value
    }
}
