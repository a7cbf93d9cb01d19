/// UTF-8 decoding that never traps and never loses a byte.
///
/// The standard library's decoders replace invalid sequences of varying
/// length with U+FFFD; the policy instead needs one scalar per invalid byte
/// (so that lengths are stable and every byte counts) and the configuration
/// parser needs to know exactly where input stops being valid.
enum UTF8Decoding {
    /// An invalid byte `b` decodes to `invalidByteBase + b`, a private-use
    /// scalar, as the estimator does: piece positions and lengths agree.
    static let invalidByteBase: UInt32 = 0xF700

    /// One decoded step: the scalar, how many bytes it used, and whether
    /// those bytes were valid UTF-8.
    struct Step {
        var scalar: UInt32
        var length: Int
        var valid: Bool
    }

    /// Decodes the scalar starting at `i`; `i` past the end yields an
    /// invalid zero-length step so callers stop rather than trap.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Step {
        guard i >= 0, i < bytes.count else { return Step(scalar: 0, length: 0, valid: false) }
        let b0 = bytes[i]
        if b0 < 0x80 { return Step(scalar: UInt32(b0), length: 1, valid: true) }
        let invalid = Step(scalar: invalidByteBase + UInt32(b0), length: 1, valid: false)
        let need: Int
        let minimum: UInt32
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: need = 1; value = UInt32(b0 & 0x1F); minimum = 0x80
        case 0xE0...0xEF: need = 2; value = UInt32(b0 & 0x0F); minimum = 0x800
        case 0xF0...0xF4: need = 3; value = UInt32(b0 & 0x07); minimum = 0x10000
        default: return invalid
        }
        guard bytes.count - i > need else { return invalid }
        for k in 1...need {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return invalid }
            value = (value << 6) | UInt32(b & 0x3F)
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid:
        // they are the classic ways to smuggle one character as another.
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return invalid }
        return Step(scalar: value, length: need + 1, valid: true)
    }

    /// The scalars of `bytes`, one per invalid byte where the input is not UTF-8.
    static func scalars(_ bytes: [UInt8]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                let step = decode(buffer, at: i)
                result.append(step.scalar)
                i += max(step.length, 1)
            }
        }
        return result
    }

    /// The byte offset of the first invalid sequence, or nil when all of
    /// `bytes` is valid UTF-8.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < bytes.count {
            let step = decode(bytes, at: i)
            if !step.valid { return i }
            i += step.length
        }
        return nil
    }
}
