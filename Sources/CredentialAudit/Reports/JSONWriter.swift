/// A minimal JSON writer: keys come out in the order written, which the
/// report's documented shape relies on (Foundation's encoder sorts or
/// scrambles them).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next value in the current container needs a comma first.
    private var needsComma = false
    /// Whether a line break goes before the next value or closing bracket.
    private var breakPending = false

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        breakLine()
        needsComma = true
    }

    private mutating func breakLine() {
        if breakPending { bytes.append(0x0A) }
        breakPending = false
    }

    /// `{`; `key` names it inside an object.
    mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    mutating func endObject() { close("}") }
    /// `[`; `key` names it inside an object.
    mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    mutating func endArray() { close("]") }

    private mutating func open(_ key: String?, _ bracket: String) {
        separate()
        if let key { appendString(key); bytes.append(UInt8(ascii: ":")) }
        raw(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: String) {
        breakLine()
        raw(bracket)
        needsComma = true
    }

    /// A line break before the next element or closing bracket, for people reading the document.
    mutating func newline() { breakPending = true }

    mutating func field(_ key: String, _ value: String?) {
        writeKey(key)
        if let value { appendString(value) } else { raw("null") }
    }
    mutating func field(_ key: String, _ value: Int?) { writeKey(key); raw(value.map(String.init) ?? "null") }
    mutating func field(_ key: String, _ value: Double?) {
        writeKey(key)
        guard let value, value.isFinite else { raw("null"); return }
        raw(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
    }
    mutating func field(_ key: String, _ value: Bool) { writeKey(key); raw(value ? "true" : "false") }
    mutating func field(_ key: String, strings: [String]) {
        beginArray(key)
        for value in strings { element(value) }
        endArray()
    }

    /// Elements rendered by another writer (one that started inside an
    /// array), appended as if written here.
    mutating func appendElements(of other: JSONWriter) {
        guard !other.bytes.isEmpty else { return }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        breakLine()
        bytes.append(contentsOf: other.bytes)
        needsComma = true
    }

    /// A string element of an array.
    mutating func element(_ value: String) {
        separate()
        appendString(value)
    }

    private mutating func writeKey(_ key: String) {
        separate()
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        // Most strings need no escape: copy them whole.
        let copied = value.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
