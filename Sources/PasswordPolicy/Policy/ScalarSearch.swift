/// Substring search on scalar arrays, for the rules that look for one
/// text (a login, a word, the old password) inside another.
extension Array where Element == UInt32 {
    /// True when `needle` (non-empty) occurs in this array. A plain scan:
    /// both sides are bounded by `max_length`, and the first-element test
    /// makes typical cases linear.
    func containsSequence(_ needle: [UInt32]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return false }
        var start = 0
        while start + needle.count <= count {
            if self[start] == first {
                var k = 1
                while k < needle.count, self[start + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// True when `needle` occurs forwards or reversed.
    func containsSequenceEitherWay(_ needle: [UInt32]) -> Bool {
        containsSequence(needle) || containsSequence(needle.reversed())
    }
}
