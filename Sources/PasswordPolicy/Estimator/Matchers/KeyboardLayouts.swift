/// Keyboard layouts as data, and the lookup tables derived from them.
///
/// Each layout is a list of rows; a row is a horizontal offset (the stagger)
/// plus, key by key, the character typed without and with Shift. Adjacency
/// and direction are then derived from the key rectangles, so a layout is
/// added by describing it, not by hand-listing neighbours (error-prone).
///
/// Geometry is in quarter-key units: a standard key is 4 wide and 1 row high.
/// Two keys are adjacent when they sit in the same row and their edges touch,
/// or in neighbouring rows and their horizontal extents overlap or touch at a
/// corner. On staggered keyboards corners never meet, so this gives the usual
/// six neighbours (left, right, two above, two below); on the keypad grid the
/// corner rule adds the diagonals that keypad walks such as `159` use.
///
/// The tables are derived at build time, not in every process: `make
/// keyboard-tables` writes them into KeyboardTables.swift from the layouts
/// described here (``descriptions``), and `KeyboardTablesTests` fails when
/// the two differ. (Deriving them cost every fresh process, a login's
/// included, about half a million instructions.)
///
/// A final class rather than a struct: the matcher hands layouts around per
/// region of the password, and a reference costs one retain where a struct
/// copy would retain each of its tables.
final class KeyboardLayout: Sendable {
    /// Code for "this character is not on the layout".
    static let noKey: UInt16 = 0xFFFF
    /// Direction code for "not adjacent" (also used for the same key twice).
    static let notAdjacent: UInt8 = 0xFF

    /// Name reported in `Piece.layout`.
    let name: String
    /// log10 of the layout's prior factor: an attacker tries qwerty walks
    /// first, other layouts later, so their walks cost a little more.
    let log10Prior: Double
    /// Number of keys.
    let keyCount: Int
    /// Character → code, for ASCII (128 entries). Code bits: 0 = typed with
    /// Shift, 1 = letter key (Shift gives the upper case), 2… = key index.
    let ascii: [UInt16]
    /// Non-ASCII characters of the layout (a handful: ü, é, ß, £ …); a linear
    /// scan of this short list is cheaper than hashing.
    let nonASCII: [Entry]
    /// keyCount × keyCount direction codes, `notAdjacent` when not neighbours.
    /// A direction is (sign dy + 1) * 3 + (sign dx + 1), from key centres.
    let directions: [UInt8]
    /// log10 of the number of directed adjacent key pairs: the choices for
    /// a walk's first key together with its first direction.
    let log10Pairs: Double
    /// log10 of the choices at a turn: the average number of neighbours
    /// minus the one direction that would have been "straight on".
    let log10TurnChoices: Double

    struct Entry: Sendable {
        var scalar: UInt32
        var code: UInt16
    }

    /// One row of keys as data.
    struct Row {
        /// Left edge of the row's first key, in quarter keys (the stagger).
        var offset: Int
        /// Characters typed without Shift, one per key.
        var plain: String
        /// Characters typed with Shift, one per key; a space (or a missing
        /// tail) means the key has no shifted character worth modelling.
        var shifted: String
        /// Key widths in quarter keys; missing entries are standard (4).
        var widths: [Int] = []
    }

    private struct Key {
        var row: Int
        var left: Int
        var width: Int
    }

    /// A layout from its derived tables (what KeyboardTables.swift holds).
    init(name: String, log10Prior: Double, keyCount: Int, ascii: [UInt16], nonASCII: [Entry],
         directions: [UInt8], log10Pairs: Double, log10TurnChoices: Double) {
        self.name = name
        self.log10Prior = log10Prior
        self.keyCount = keyCount
        self.ascii = ascii
        self.nonASCII = nonASCII
        self.directions = directions
        self.log10Pairs = log10Pairs
        self.log10TurnChoices = log10TurnChoices
    }

    /// Derives a layout's tables from its description (see the type's
    /// comment: for `make keyboard-tables` and its test).
    init(name: String, prior: Double, rows: [Row]) {
        self.name = name
        self.log10Prior = GuessMath.log10(prior)

        var keys: [Key] = []
        var ascii = [UInt16](repeating: KeyboardLayout.noKey, count: 128)
        var nonASCII: [Entry] = []

        func assign(_ scalar: UInt32, _ code: UInt16) {
            // The first key that types a character wins; no layout here types
            // one character on two keys, so this only guards against typos.
            if scalar < 128 {
                let index = Int(scalar)
                if ascii[index] == KeyboardLayout.noKey { ascii[index] = code }
            } else if !nonASCII.contains(where: { $0.scalar == scalar }) {
                nonASCII.append(Entry(scalar: scalar, code: code))
            }
        }

        for (rowIndex, row) in rows.enumerated() {
            let plain = Array(row.plain.unicodeScalars)
            let shifted = Array(row.shifted.unicodeScalars)
            var left = row.offset
            for column in 0..<plain.count {
                let width = column < row.widths.count ? row.widths[column] : 4
                defer { left += width }
                let p = plain[column].value
                if p == 0x20 { continue }  // a gap, not a key
                let s: UInt32 = column < shifted.count ? shifted[column].value : 0x20
                let index = keys.count
                keys.append(Key(row: rowIndex, left: left, width: width))
                // A letter key is one whose shifted character is the upper
                // case of its plain one: Caps Lock shifts exactly these keys.
                let isLetter = s != 0x20 && s != p && PasswordText.lowercase(s) == p
                let base = UInt16(truncatingIfNeeded: index << 2) | (isLetter ? 2 : 0)
                assign(p, base)
                if s != 0x20 { assign(s, base | 1) }
            }
        }

        let count = keys.count
        var directions = [UInt8](repeating: KeyboardLayout.notAdjacent, count: count * count)
        var pairs = 0
        // Keys come row by row, left to right: row r's are
        // rowStart[r] ..< rowStart[r + 1] (rows without keys are empty).
        // Only the rows above, below and the key's own can hold neighbours,
        // and in a row none past the first key starting right of this one's
        // right edge: a few comparisons per key instead of every other key
        // (this runs in every fresh process, a login's included).
        var rowStart = [Int](repeating: count, count: rows.count + 1)
        for index in stride(from: count - 1, through: 0, by: -1) { rowStart[keys[index].row] = index }
        for row in stride(from: rows.count - 1, through: 0, by: -1) {
            rowStart[row] = min(rowStart[row], rowStart[row + 1])
        }
        for a in 0..<count {
            let ka = keys[a]
            for row in max(ka.row - 1, 0)...min(ka.row + 1, rows.count - 1) {
                for b in rowStart[row]..<rowStart[row + 1] where a != b {
                    let kb = keys[b]
                    if kb.left > ka.left + ka.width { break }
                    let dy = kb.row - ka.row
                    let adjacent: Bool
                    switch dy {
                    case 0:
                        adjacent = ka.left + ka.width == kb.left || kb.left + kb.width == ka.left
                    case -1, 1:
                        adjacent = ka.left <= kb.left + kb.width && kb.left <= ka.left + ka.width
                    default:
                        adjacent = false
                    }
                    guard adjacent else { continue }
                    // Twice the centre, so half-quarter offsets stay integral.
                    let dx = (2 * kb.left + kb.width) - (2 * ka.left + ka.width)
                    let sx = dx > 0 ? 1 : (dx < 0 ? -1 : 0)
                    directions[a * count + b] = UInt8((dy + 1) * 3 + (sx + 1))
                    pairs += 1
                }
            }
        }

        self.keyCount = count
        self.ascii = ascii
        self.nonASCII = nonASCII
        self.directions = directions
        self.log10Pairs = GuessMath.log10(Double(max(pairs, 1)))
        let averageDegree = count > 0 ? Double(pairs) / Double(count) : 0
        self.log10TurnChoices = GuessMath.log10(max(2, averageDegree - 1))
    }

    /// The code of `scalar` on this layout. A character the layout lacks but
    /// whose lower case it has (É on a French keyboard) counts as that key
    /// with Shift, which is how Caps Lock or Shift produce it.
    @inline(__always)
    func code(_ scalar: UInt32, lower: UInt32) -> UInt16 {
        let direct = directCode(scalar)
        if direct != KeyboardLayout.noKey || lower == scalar { return direct }
        let viaLower = directCode(lower)
        return viaLower == KeyboardLayout.noKey ? viaLower : viaLower | 1
    }

    @inline(__always)
    private func directCode(_ scalar: UInt32) -> UInt16 {
        if scalar < 128 { return ascii[Int(scalar)] }
        for entry in nonASCII where entry.scalar == scalar { return entry.code }
        return KeyboardLayout.noKey
    }

    /// Direction from the key of code `a` to the key of code `b`, or
    /// `notAdjacent` (unknown characters, non-neighbours, the same key).
    @inline(__always)
    func direction(_ a: UInt16, _ b: UInt16) -> UInt8 {
        guard a != KeyboardLayout.noKey, b != KeyboardLayout.noKey else { return KeyboardLayout.notAdjacent }
        let ka = Int(a >> 2), kb = Int(b >> 2)
        guard ka < keyCount, kb < keyCount else { return KeyboardLayout.notAdjacent }
        return directions[ka * keyCount + kb]
    }
}

extension KeyboardLayout {
    /// US QWERTY. Offsets: Tab is 1.5 keys wide, Caps Lock 1.75, Shift 2.25.
    static let qwertyRows: [Row] = [
        Row(offset: 0, plain: "`1234567890-=", shifted: "~!@#$%^&*()_+"),
        Row(offset: 6, plain: "qwertyuiop[]\\", shifted: "QWERTYUIOP{}|"),
        Row(offset: 7, plain: "asdfghjkl;'", shifted: "ASDFGHJKL:\""),
        Row(offset: 9, plain: "zxcvbnm,./", shifted: "ZXCVBNM<>?"),
    ]

    /// German QWERTZ (ISO: a short left Shift and the `<>` key before `y`).
    static let qwertzRows: [Row] = [
        Row(offset: 0, plain: "^1234567890ß´", shifted: "°!\"§$%&/()=?`"),
        Row(offset: 6, plain: "qwertzuiopü+", shifted: "QWERTZUIOPÜ*"),
        Row(offset: 7, plain: "asdfghjklöä#", shifted: "ASDFGHJKLÖÄ'"),
        Row(offset: 5, plain: "<yxcvbnm,.-", shifted: ">YXCVBNM;:_"),
    ]

    /// French AZERTY (ISO). Digits need Shift on this layout.
    static let azertyRows: [Row] = [
        Row(offset: 0, plain: "²&é\"'(-è_çà)=", shifted: " 1234567890°+"),
        Row(offset: 6, plain: "azertyuiop^$", shifted: "AZERTYUIOP¨£"),
        Row(offset: 7, plain: "qsdfghjklmù*", shifted: "QSDFGHJKLM%µ"),
        Row(offset: 5, plain: "<wxcvbn,;:!", shifted: ">WXCVBN?./§"),
    ]

    /// US Dvorak: rare, so its walks are tried late.
    static let dvorakRows: [Row] = [
        Row(offset: 0, plain: "`1234567890[]", shifted: "~!@#$%^&*(){}"),
        Row(offset: 6, plain: "',.pyfgcrl/=\\", shifted: "\"<>PYFGCRL?+|"),
        Row(offset: 7, plain: "aoeuidhtns-", shifted: "AOEUIDHTNS_"),
        Row(offset: 9, plain: ";qjkxbmwvz", shifted: ":QJKXBMWVZ"),
    ]

    /// Numeric keypad: an unstaggered grid (Num Lock left of `/`, a double
    /// width `0`). `+` is modelled in its top row only. No Shift layer.
    static let keypadRows: [Row] = [
        Row(offset: 4, plain: "/*-", shifted: ""),
        Row(offset: 0, plain: "789+", shifted: ""),
        Row(offset: 0, plain: "456", shifted: ""),
        Row(offset: 0, plain: "123", shifted: ""),
        Row(offset: 0, plain: "0.", shifted: "", widths: [8, 4]),
    ]

    /// Every layout as described, cheapest prior first: name, prior factor
    /// (an attacker tries qwerty walks first, others later), rows. `all`
    /// (generated, KeyboardTables.swift) holds their tables in this order.
    static let descriptions: [(name: String, prior: Double, rows: [Row])] = [
        ("qwerty", 1, qwertyRows), ("keypad", 2, keypadRows), ("qwertz", 2, qwertzRows),
        ("azerty", 2, azertyRows), ("dvorak", 4, dvorakRows),
    ]

    /// Position of the layout called `name` in `all`.
    static func index(named name: String) -> Int? {
        all.firstIndex { $0.name == name }
    }

    /// Derives ``asciiAdjacency`` (generated, KeyboardTables.swift) from
    /// `layouts`: for ASCII pairs (a, b), entry a × 128 + b has bit i set when
    /// b is on a key adjacent to a's on `layouts[i]`. 16 KiB; lets the matcher
    /// skip, in one pass, text and layouts with no walk at all.
    static func deriveASCIIAdjacency(_ layouts: [KeyboardLayout]) -> [UInt8] {
        var masks = [UInt8](repeating: 0, count: 128 * 128)
        masks.withUnsafeMutableBufferPointer { masks in
            for (index, layout) in layouts.enumerated() where index < 8 {
                let bit = UInt8(1) << UInt8(index)
                let keyCount = layout.keyCount
                layout.ascii.withUnsafeBufferPointer { ascii in
                    layout.directions.withUnsafeBufferPointer { directions in
                        guard directions.count >= keyCount &* keyCount else { return }
                        // The ASCII characters of each key, grouped by key
                        // (a counting sort into flat arrays: key k's are
                        // characters[start[k] ..< start[k + 1]]).
                        var start = [Int](repeating: 0, count: keyCount + 1)
                        for c in 0..<min(128, ascii.count) where ascii[c] != noKey {
                            let key = Int(ascii[c] >> 2)
                            if key < keyCount { start[key + 1] += 1 }
                        }
                        for key in 0..<keyCount { start[key + 1] += start[key] }
                        var characters = [Int](repeating: 0, count: max(start[keyCount], 1))
                        var filled = start
                        for c in 0..<min(128, ascii.count) where ascii[c] != noKey {
                            let key = Int(ascii[c] >> 2)
                            guard key < keyCount else { continue }
                            characters[filled[key]] = c
                            filled[key] += 1
                        }
                        // Then every adjacent pair of keys: a few hundred
                        // per layout, each with a few character pairs.
                        for a in 0..<keyCount where start[a] < start[a + 1] {
                            let row = a &* keyCount
                            for b in 0..<keyCount where directions[row &+ b] != notAdjacent {
                                for i in start[a]..<start[a + 1] {
                                    let from = characters[i] &* 128
                                    for j in start[b]..<start[b + 1] { masks[from &+ characters[j]] |= bit }
                                }
                            }
                        }
                    }
                }
            }
        }
        return masks
    }
}
