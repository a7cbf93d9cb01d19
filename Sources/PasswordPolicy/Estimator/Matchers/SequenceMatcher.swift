/// Finds sequences: runs whose scalar values move by a constant step of ±1
/// or ±2 inside one character class (`abcdef`, `9876`, `ZYX`, `acegi`,
/// `αβγδ`, `あいうえお` whose kana sit two code points apart).
///
/// Classes: ASCII digits, ASCII upper case, ASCII lower case, and outside
/// ASCII a 128-scalar block split by case (a cheap stand-in for "script",
/// needing no Unicode tables). ASCII punctuation is left out: its code order
/// is not an order people type in (`!"#$` is a keyboard walk, found there).
/// Digits wrap (`7890123`, `0987`), as on the number row.
///
/// log10 guesses = log10(start × L × direction × step × case/script), where
/// start is 4 when the run begins or ends at an obvious place (a, z; 0, 1,
/// 9, and 2, 8 for even digits) and the class size otherwise; L the length (the lengths tried); direction
/// ×2 when descending; step ×3 for ±2; ×2 for upper case; scripts outside
/// ASCII ×10 with no obvious starts. Even the dearest ASCII run stays below a
/// few thousand guesses, which is the whole sequence space a cracker's rules
/// cover (≈ 26 starts × 26 lengths × 2 directions × 2 steps).
///
/// Linear time: one pass finds maximal runs (neighbouring runs share at most
/// their boundary character, so there are fewer runs than characters). For
/// each run we emit it whole and without its first or its last character,
/// so the decomposition can hand a boundary character to a neighbour
/// (`abcdedcba` = `abcd` + `edcba`): at most three candidates per run.
enum SequenceMatcher {
    static let minimumLength = 3

    static func match(_ text: PasswordText, environment: MatchEnvironment, into candidates: inout [Candidate]) {
        let n = text.count
        guard n >= minimumLength, text.lower.count == n else { return }
        let scalars = text.scalars, lower = text.lower

        // steps[s]: the step from s to s + 1, or 0 when no sequence continues there.
        var steps = [Int8](repeating: 0, count: n)
        var previousClass = characterClass(scalars[0], lower: lower[0])
        var any = false
        for s in 0..<(n - 1) {
            let nextClass = characterClass(scalars[s + 1], lower: lower[s + 1])
            defer { previousClass = nextClass }
            guard previousClass != 0, previousClass == nextClass else { continue }
            let a = Int(scalars[s]), b = Int(scalars[s + 1])
            var delta = b - a
            if previousClass == digitClass {
                if a == 0x39 && b == 0x30 { delta = 1 }       // 9 → 0 on the number row
                else if a == 0x30 && b == 0x39 { delta = -1 } // 0 → 9
            }
            if delta >= -2 && delta <= 2 && delta != 0 {
                steps[s] = Int8(delta)
                any = true
            }
        }
        matchInterleaved(scalars, lower: lower, into: &candidates)
        guard any else { return }

        var s = 0
        while s < n - 1 {
            let delta = steps[s]
            if delta == 0 {
                s += 1
                continue
            }
            var e = s + 1                       // last character of the run
            while e < n - 1 && steps[e] == delta { e += 1 }
            let runEnd = e + 1                  // exclusive
            if runEnd - s >= minimumLength {
                let cls = characterClass(scalars[s], lower: lower[s])
                emit(s, runEnd, delta: Int(delta), cls: cls, scalars: scalars, into: &candidates)
                if runEnd - s > minimumLength {
                    emit(s + 1, runEnd, delta: Int(delta), cls: cls, scalars: scalars, into: &candidates)
                    emit(s, runEnd - 1, delta: Int(delta), cls: cls, scalars: scalars, into: &candidates)
                }
            }
            s = e                                // the next run may start on this run's last character
        }
    }

    private static let digitClass = 1
    private static let upperClass = 2
    private static let lowerClass = 3

    /// 0 = no sequences; 1 digits; 2 upper; 3 lower; ≥ 16 a non-ASCII block and case.
    @inline(__always)
    static func characterClass(_ s: UInt32, lower: UInt32) -> Int {
        switch s {
        case 0x30...0x39: return digitClass
        case 0x41...0x5A: return upperClass
        case 0x61...0x7A: return lowerClass
        case 0...0x9F: return 0                 // other ASCII, C1 controls
        case 0xF700...0xF7FF: return 0          // undecodable bytes kept as data
        default:
            return 16 + Int(s >> 7) * 2 + (lower != s ? 1 : 0)
        }
    }

    private static func emit(_ start: Int, _ end: Int, delta: Int, cls: Int, scalars: [UInt32],
                             into candidates: inout [Candidate]) {
        let length = end - start
        guard length >= minimumLength, start >= 0, end <= scalars.count else { return }
        let first = scalars[start], last = scalars[end - 1]
        let ascending = delta > 0
        var guesses: Double
        switch cls {
        case digitClass:
            // 0, 1 and 9 are where people start counting (1234, 0123, 9876,
            // 0987); ending at 9 or 0 (789, 3210) is as predictable; by twos,
            // the even numbers run from 2 or to 8 (2468, 8642).
            let byTwos = delta == 2 || delta == -2
            func isObvious(_ c: UInt32) -> Bool {
                c == 0x30 || c == 0x31 || c == 0x39 || (byTwos && (c == 0x32 || c == 0x38))
            }
            let obvious = isObvious(first) || isObvious(last)
            guesses = obvious ? 4 : 10
        case upperClass, lowerClass:
            let a: UInt32 = cls == upperClass ? 0x41 : 0x61
            let z: UInt32 = a + 25
            let obvious = ascending ? (first == a || last == z) : (first == z || last == a)
            guesses = obvious ? 4 : 26
            if cls == upperClass { guesses *= 2 }
        default:
            // Another script: no notion of its "a", and the attacker must
            // also pick the script.
            guesses = 30 * 10
        }
        guesses *= Double(length)
        if !ascending { guesses *= 2 }
        if delta == 2 || delta == -2 { guesses *= 3 }
        candidates.append(Candidate(Piece(pattern: .sequence, start: start, end: end,
                                          guessesLog10: GuessMath.log10(guesses))))
    }

    /// Two sequences typed in turns (`a1b2c3d4`, `i4j5k6l7m8`, `s9t8u7v6`):
    /// every other character steps by ±1 within its class. Costs the two
    /// chains' start classes × the length × 4 directions. Linear: maximal
    /// stretches only, each found in one forward pass.
    static func matchInterleaved(_ scalars: [UInt32], lower: [UInt32], into candidates: inout [Candidate]) {
        let n = scalars.count
        guard n >= 6 else { return }
        // stride2[k]: the step from k to k + 2, or 0.
        var stride2 = [Int8](repeating: 0, count: n - 2)
        for k in 0..<(n - 2) {
            let c = characterClass(scalars[k], lower: lower[k])
            guard c != 0, c == characterClass(scalars[k + 2], lower: lower[k + 2]) else { continue }
            var delta = Int(scalars[k + 2]) - Int(scalars[k])
            if c == digitClass && abs(delta) == 9 { delta = delta > 0 ? -1 : 1 }   // 0 ↔ 9 wrap
            if delta == 1 || delta == -1 { stride2[k] = Int8(delta) }
        }
        var i = 0
        while i < n - 2 {
            guard stride2[i] != 0 else { i += 1; continue }
            var k = i + 1
            while k < n - 2, stride2[k] != 0, k < i + 2 || stride2[k] == stride2[k - 2] { k += 1 }
            let end = k + 1   // characters i...k+1 follow the pattern
            let length = end + 1 - i
            if length >= 6, stride2[i + 1] != 0 {
                let a = classSize(scalars[i], lower: lower[i]), b = classSize(scalars[i + 1], lower: lower[i + 1])
                let guesses = GuessMath.log10(a * b * Double(length) * 4)
                candidates.append(Candidate(pattern: .sequence, start: i, end: end + 1, guessesLog10: guesses))
            }
            i = max(i + 1, k - 1)
        }
    }

    private static func classSize(_ scalar: UInt32, lower: UInt32) -> Double {
        switch characterClass(scalar, lower: lower) {
        case digitClass: return 10
        case 0: return 95
        default: return 26
        }
    }
}
