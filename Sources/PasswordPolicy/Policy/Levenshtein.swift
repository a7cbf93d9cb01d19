/// Edit distance, bounded so no input can make it expensive.
enum Levenshtein {
    /// The longest input, in scalars, for which the distance is computed.
    /// 256 × 256 cells is trivial work; longer passwords are strong for
    /// other reasons, and their relation to the old one is still checked by
    /// the linear containment and rotation rules.
    static let maxLength = 256

    /// The number of single-scalar insertions, deletions and substitutions
    /// turning `a` into `b`, or nil when either is longer than ``maxLength``.
    static func distance(_ a: [UInt32], _ b: [UInt32]) -> Int? {
        guard a.count <= maxLength, b.count <= maxLength else { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
