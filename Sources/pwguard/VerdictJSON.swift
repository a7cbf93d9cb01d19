import PasswordPolicy

/// A verdict as one line of JSON, written by hand straight into a byte
/// buffer: the format is small and fixed, and building Strings per field
/// cost more than estimating the password.
///
/// Field order is part of the output contract:
/// `accepted, score, guesses_log10, reasons, feedback, pieces`.
/// Pieces give positions and patterns, never text of the password.
enum VerdictJSON {
    static func line(for verdict: Verdict) -> String {
        var bytes: [UInt8] = []
        append(verdict, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the line (with its newline) to `out`.
    static func append(_ verdict: Verdict, to out: inout [UInt8]) {
        let estimate = verdict.estimate
        raw("{\"accepted\":", &out); raw(verdict.accepted ? "true" : "false", &out)
        raw(",\"score\":", &out); integer(estimate?.score ?? 0, &out)
        raw(",\"guesses_log10\":", &out); number(estimate?.guessesLog10 ?? 0, &out)
        raw(",\"reasons\":[", &out)
        for (index, reason) in verdict.reasons.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            raw("{\"code\":", &out); string(reason.code.rawValue, &out)
            raw(",\"message\":", &out); string(reason.message, &out)
            out.append(UInt8(ascii: "}"))
        }
        raw("],\"feedback\":{\"warning\":", &out)
        string(estimate?.feedback.warning ?? "", &out)
        raw(",\"suggestions\":[", &out)
        for (index, suggestion) in (estimate?.feedback.suggestions ?? []).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(suggestion, &out)
        }
        raw("]},\"pieces\":[", &out)
        for (index, piece) in (estimate?.pieces ?? []).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            pieceObject(piece, &out)
        }
        raw("]}\n", &out)
    }

    private static func pieceObject(_ piece: Piece, _ out: inout [UInt8]) {
        raw("{\"pattern\":", &out); string(piece.pattern.rawValue, &out)
        raw(",\"start\":", &out); integer(piece.start, &out)
        raw(",\"end\":", &out); integer(piece.end, &out)
        raw(",\"guesses_log10\":", &out); number(piece.guessesLog10, &out)
        if let dictionary = piece.dictionary { raw(",\"dictionary\":", &out); string(dictionary, &out) }
        if let rank = piece.rank { raw(",\"rank\":", &out); integer(rank, &out) }
        raw(",\"reversed\":", &out); raw(piece.reversed ? "true" : "false", &out)
        raw(",\"l33t\":", &out); integer(piece.l33tSubstitutions, &out)
        raw(",\"capitalised\":", &out); raw(piece.capitalised ? "true" : "false", &out)
        if let layout = piece.layout { raw(",\"layout\":", &out); string(layout, &out) }
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    private static func raw(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    static func integer(_ value: Int, _ out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0 && count < buffer.count
            while count > 0 {
                count -= 1
                out.append(buffer[count])
            }
        }
    }

    /// A JSON number with two decimals. JSON has no NaN or infinity, so
    /// those become 0 and huge values are clamped.
    static func number(_ value: Double, _ out: inout [UInt8]) {
        guard value.isFinite else { raw("0.00", &out); return }
        let clamped = min(max(value, -1e12), 1e12)
        let hundredths = Int64((clamped * 100).rounded())
        if hundredths < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = hundredths.magnitude
        integer(Int(magnitude / 100), &out)
        out.append(UInt8(ascii: "."))
        let fraction = magnitude % 100
        out.append(UInt8(truncatingIfNeeded: fraction / 10) &+ 0x30)
        out.append(UInt8(truncatingIfNeeded: fraction % 10) &+ 0x30)
    }

    /// String form of `number(_:_:)`.
    static func number(_ value: Double) -> String {
        var bytes: [UInt8] = []
        number(value, &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { escape($0, &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Escapes UTF-8 bytes: one pass, bytes appended as they are unless JSON
    /// (or JavaScript, for U+2028/U+2029 = E2 80 A8/A9) needs an escape.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8]) {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case 0x22: raw("\\\"", &out)
            case 0x5C: raw("\\\\", &out)
            case 0x0A: raw("\\n", &out)
            case 0x0D: raw("\\r", &out)
            case 0x09: raw("\\t", &out)
            case 0..<0x20, 0x7F:
                raw("\\u00", &out)
                out.append(hexDigit(UInt32(byte >> 4)))
                out.append(hexDigit(UInt32(byte & 0xF)))
            case 0xE2 where i + 1 < bytes.count && bytes[i] == 0x80 && (bytes[i + 1] == 0xA8 || bytes[i + 1] == 0xA9):
                raw(bytes[i + 1] == 0xA8 ? "\\u2028" : "\\u2029", &out)
                i += 2
            default:
                out.append(byte)
            }
        }
    }

    private static func hexDigit(_ value: UInt32) -> UInt8 {
        UInt8(truncatingIfNeeded: value < 10 ? 0x30 + value : 0x57 + value)
    }

    /// String form of `string(_:_:)`.
    static func string(_ text: String) -> String {
        var bytes: [UInt8] = []
        string(text, &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
