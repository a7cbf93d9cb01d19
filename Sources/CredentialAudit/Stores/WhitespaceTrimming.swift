extension StringProtocol {
    /// The text without the whitespace at either end, Unicode scalar by
    /// scalar (a space before a combining mark goes too). Whitespace is a
    /// tab, a Unicode space separator (general category Zs) or U+200B ZERO
    /// WIDTH SPACE; with `includingNewlines`, also every other Unicode
    /// `White_Space` scalar (line feeds, carriage returns, U+2028, ...).
    /// These are the sets of Foundation's `CharacterSet.whitespaces` and
    /// `.whitespacesAndNewlines` (U+200B included), which this replaces so
    /// that logins and lock files read the same as they did with Foundation.
    func trimmingWhitespace(includingNewlines: Bool = false) -> String {
        func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "\t" || scalar == "\u{200B}" || scalar.properties.generalCategory == .spaceSeparator { return true }
            return includingNewlines && scalar.properties.isWhitespace
        }
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
