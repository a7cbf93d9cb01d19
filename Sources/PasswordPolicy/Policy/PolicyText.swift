/// A password (or old password, login, name) as the rules see it: one
/// element per Unicode scalar, with a case-folded copy.
///
/// Invalid UTF-8 bytes count one scalar each, as in the estimator, so the
/// lengths the rules enforce and the piece positions the estimator reports
/// agree.
struct PolicyText {
    /// The scalars as typed.
    var scalars: [UInt32]
    /// The lower-case form of each scalar, for case-insensitive rules.
    var lower: [UInt32]

    var count: Int { scalars.count }

    /// Decodes raw password bytes.
    init(bytes: [UInt8]) {
        scalars = UTF8Decoding.scalars(bytes)
        lower = scalars.map(Self.lowercase)
    }

    /// Takes the scalars of already valid text (a login, a word).
    init(_ string: String) {
        scalars = string.unicodeScalars.map(\.value)
        lower = scalars.map(Self.lowercase)
    }

    /// Zeroes both copies: a `PolicyText` of a password is as secret as the password.
    mutating func wipe() {
        scalars.wipe()
        lower.wipe()
    }

    /// The lower-case form of one scalar. Mappings to several scalars
    /// (such as `İ`) keep the original, so positions never shift.
    static func lowercase(_ value: UInt32) -> UInt32 {
        if value < 0x80 {
            return (0x41...0x5A).contains(value) ? value + 0x20 : value
        }
        guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased else { return value }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        guard mapped.count == 1, let first = mapped.first else { return value }
        return first.value
    }
}

/// pam_pwquality's four character classes.
enum CharacterClass: Int, CaseIterable {
    case digit = 0, uppercase, lowercase, other

    /// The class of one scalar. Non-ASCII digits and cased letters count as
    /// such; uncased letters (CJK, for example), symbols and invalid bytes
    /// are "other".
    init(_ value: UInt32) {
        if value < 0x80 {
            switch value {
            case 0x30...0x39: self = .digit
            case 0x41...0x5A: self = .uppercase
            case 0x61...0x7A: self = .lowercase
            default: self = .other
            }
            return
        }
        guard let scalar = Unicode.Scalar(value) else { self = .other; return }
        let properties = scalar.properties
        if properties.numericType == .decimal {
            self = .digit
        } else if properties.isUppercase {
            self = .uppercase
        } else if properties.isLowercase {
            self = .lowercase
        } else {
            self = .other
        }
    }
}
