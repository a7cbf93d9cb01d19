/// The UID range of human accounts, from `login.defs(5)`.
///
/// shadow-utils gives new users UIDs from UID_MIN to UID_MAX; anything below
/// is a system account. Rotation touches only this range unless accounts are
/// named.
public struct HumanUIDRange: Equatable, Sendable {
    /// The lowest UID of a human account (UID_MIN, default 1000).
    public var minimum: UInt32
    /// The highest UID of a human account (UID_MAX, default 60000).
    public var maximum: UInt32

    /// Creates a range.
    public init(minimum: UInt32 = 1000, maximum: UInt32 = 60000) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Reads UID_MIN and UID_MAX from the bytes of a login.defs file; missing
    /// or unreadable values keep shadow-utils' defaults (1000 and 60000).
    public init(loginDefs bytes: [UInt8]) {
        self.init()
        for raw in splitLines(bytes).lines {
            let text = String(decoding: raw, as: UTF8.self)
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, !words[0].hasPrefix("#"), let value = UInt32(words[1]) else { continue }
            switch words[0] {
            case "UID_MIN": minimum = value
            case "UID_MAX": maximum = value
            default: break
            }
        }
    }

    /// Whether `uid` belongs to a human account.
    public func contains(_ uid: UInt32) -> Bool { uid >= minimum && uid <= maximum }
}
