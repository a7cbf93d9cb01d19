/// Output built as UTF-8 bytes: plans and status lists run to hundreds of
/// thousands of lines, where String concatenation and JSONSerialization
/// take seconds.
struct TextBuffer {
    private(set) var bytes: [UInt8] = []

    /// Appends text.
    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text`, then spaces up to `width` bytes (at least one).
    mutating func write(_ text: String, paddedTo width: Int) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        pad(from: start, to: width)
    }

    /// Appends spaces until `width` bytes follow `start` (at least one).
    mutating func pad(from start: Int, to width: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(1, width - (bytes.count - start))))
    }

    /// The text written.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: JSON

    /// A JSON string literal, escaped per RFC 8259.
    mutating func json(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A JSON number, or null.
    mutating func json(_ number: Int?) {
        write(number.map(String.init) ?? "null")
    }

    /// A JSON array of strings.
    mutating func json(_ strings: [String]) {
        write("[")
        for (index, string) in strings.enumerated() {
            if index > 0 { write(",") }
            json(string)
        }
        write("]")
    }

    /// `"key":` before a value.
    mutating func key(_ name: String) {
        json(name)
        write(":")
    }
}
