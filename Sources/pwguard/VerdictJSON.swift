import PasswordPolicy

/// A verdict as one line of JSON, written by hand: the format is small and
/// fixed, and string building is far faster than an encoder per line.
///
/// Field order is part of the output contract:
/// `accepted, score, guesses_log10, reasons, feedback, pieces`.
/// Pieces give positions and patterns, never text of the password.
enum VerdictJSON {
    static func line(for verdict: Verdict) -> String {
        let estimate = verdict.estimate
        var out = "{\"accepted\":\(verdict.accepted)"
        out += ",\"score\":\(estimate?.score ?? 0)"
        out += ",\"guesses_log10\":\(number(estimate?.guessesLog10 ?? 0))"
        out += ",\"reasons\":["
        for (index, reason) in verdict.reasons.enumerated() {
            if index > 0 { out += "," }
            out += "{\"code\":\(string(reason.code.rawValue)),\"message\":\(string(reason.message))}"
        }
        let feedback = estimate?.feedback ?? Feedback()
        out += "],\"feedback\":{\"warning\":\(string(feedback.warning)),\"suggestions\":["
        out += feedback.suggestions.map(string).joined(separator: ",")
        out += "]},\"pieces\":["
        for (index, piece) in (estimate?.pieces ?? []).enumerated() {
            if index > 0 { out += "," }
            out += pieceObject(piece)
        }
        out += "]}\n"
        return out
    }

    private static func pieceObject(_ piece: Piece) -> String {
        var out = "{\"pattern\":\(string(piece.pattern.rawValue))"
        out += ",\"start\":\(piece.start),\"end\":\(piece.end)"
        out += ",\"guesses_log10\":\(number(piece.guessesLog10))"
        if let dictionary = piece.dictionary { out += ",\"dictionary\":\(string(dictionary))" }
        if let rank = piece.rank { out += ",\"rank\":\(rank)" }
        out += ",\"reversed\":\(piece.reversed),\"l33t\":\(piece.l33tSubstitutions)"
        out += ",\"capitalised\":\(piece.capitalised)"
        if let layout = piece.layout { out += ",\"layout\":\(string(layout))" }
        return out + "}"
    }

    /// A JSON number with two decimals. JSON has no NaN or infinity, so
    /// those become 0 and huge values are clamped.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0.00" }
        let clamped = min(max(value, -1e12), 1e12)
        let hundredths = Int64((clamped * 100).rounded())
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        let sign = hundredths < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            case "\u{2028}", "\u{2029}":
                // Valid JSON, but not valid in JavaScript source: escaped for
                // consumers that embed the output.
                out += scalar == "\u{2028}" ? "\\u2028" : "\\u2029"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
