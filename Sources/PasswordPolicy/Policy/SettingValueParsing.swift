/// Why a value was refused. The configuration parser adds the location.
struct SettingValueProblem: Error {
    var message: String
}

extension SettingDescriptor {
    /// Interprets `value` (nil when the name stood alone) by this setting's
    /// kind and stores it into `settings`.
    func assign(_ value: String?, to settings: inout Settings) throws(SettingValueProblem) {
        switch target {
        case .flag(let field):
            // A flag alone turns it on; 0/1 lets a later source turn it off.
            guard let value else { field.set(&settings, true); return }
            guard let on = Self.parseBoolean(value) else {
                throw problem("is a flag: give it alone, or as 0 or 1, not \(quoted(value))")
            }
            field.set(&settings, on)
        case .boolean(let field):
            let value = try required(value)
            guard let on = Self.parseBoolean(value) else {
                throw problem("expects 0 or 1, not \(quoted(value))")
            }
            field.set(&settings, on)
        case .integer(let field, let range):
            let value = try required(value)
            guard let number = Self.parseInteger(value) else {
                throw problem("expects an integer, not \(quoted(value))")
            }
            guard range.contains(number) else {
                throw problem("must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
            }
            field.set(&settings, number)
        case .decimal(let field, let range):
            let value = try required(value)
            guard let number = Self.parseDecimal(value) else {
                throw problem("expects a number, not \(quoted(value))")
            }
            guard range.contains(number) else {
                throw problem("must be between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound)), not \(quoted(value))")
            }
            field.set(&settings, number)
        case .words(let field):
            let value = try required(value, emptyAllowed: true)
            field.set(&settings, value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
        case .text(let field):
            field.set(&settings, try required(value, emptyAllowed: true))
        case .missingPolicy(let field):
            let value = try required(value)
            guard let choice = BreachDatabaseMissing(rawValue: value) else {
                let names = BreachDatabaseMissing.allCases.map(\.rawValue).joined(separator: " or ")
                throw problem("expects \(names), not \(quoted(value))")
            }
            field.set(&settings, choice)
        case .ignoredText:
            _ = try required(value, emptyAllowed: true)
        }
    }

    /// The value, or a "needs a value" problem. An empty value counts as
    /// missing except for text and lists, where it means "nothing".
    private func required(_ value: String?, emptyAllowed: Bool = false) throws(SettingValueProblem) -> String {
        guard let value, emptyAllowed || !value.isEmpty else { throw problem("needs a value") }
        return value
    }

    private func problem(_ text: String) -> SettingValueProblem {
        SettingValueProblem(message: "setting '\(name)' \(text)")
    }

    /// `0` or `1`, as pam_pwquality writes on/off settings.
    static func parseBoolean(_ text: String) -> Bool? {
        switch text {
        case "0": return false
        case "1": return true
        default: return nil
        }
    }

    /// A decimal integer with an optional sign; nil on anything else or on
    /// overflow (digits are bounded, so no arithmetic can trap).
    static func parseInteger(_ text: String) -> Int? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    /// A plain decimal number (`12`, `-3.5`, `.5`); exponents, hexadecimal,
    /// `inf` and `nan` are refused, since the standard parser would accept them.
    static func parseDecimal(_ text: String) -> Double? {
        var digits = 0
        var dots = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"): guard offset == 0 else { return nil }
            default: return nil
            }
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Double(text)
    }

    /// A range bound for messages: `30`, not `30.0`.
    static func format(_ value: Double) -> String {
        if let whole = Int64(exactly: value) { return String(whole) }
        return String(value)
    }
}
