/// Rules on the shape of the password: runs of one character, monotonic
/// sequences, runs of one class, palindromes. All are single linear passes.
enum PatternRules {
    static func check(_ text: PolicyText, settings: Settings, into reasons: inout [Reason]) {
        if settings.maxRepeat > 0, longestRun(text.scalars, sameAs: ==) > settings.maxRepeat {
            reasons.append(.tooManyRepeats(settings.maxRepeat))
        }
        if settings.maxSequence > 0, longestSequence(text.scalars) > settings.maxSequence {
            reasons.append(.tooLongSequence(settings.maxSequence))
        }
        if settings.maxClassRepeat > 0 {
            let classes = text.scalars.map(CharacterClass.init)
            if longestRun(classes, sameAs: ==) > settings.maxClassRepeat {
                reasons.append(.tooManyClassRepeats(settings.maxClassRepeat))
            }
        }
        if isPalindrome(text.lower) {
            reasons.append(.palindrome)
        }
    }

    /// The length of the longest run of neighbours that are `sameAs` each other.
    static func longestRun<T>(_ items: [T], sameAs: (T, T) -> Bool) -> Int {
        var longest = items.isEmpty ? 0 : 1
        var run = 1
        var index = 1
        while index < items.count {
            run = sameAs(items[index - 1], items[index]) ? run + 1 : 1
            longest = max(longest, run)
            index += 1
        }
        return longest
    }

    /// The length of the longest run where each scalar is one above (or
    /// each one below) the previous, as pam_pwquality counts: `abcd` and
    /// `4321` are 4.
    static func longestSequence(_ scalars: [UInt32]) -> Int {
        var longest = scalars.isEmpty ? 0 : 1
        var up = 1
        var down = 1
        var index = 1
        while index < scalars.count {
            // Int64 arithmetic: a difference of UInt32 values cannot trap.
            let step = Int64(scalars[index]) - Int64(scalars[index - 1])
            up = step == 1 ? up + 1 : 1
            down = step == -1 ? down + 1 : 1
            longest = max(longest, up, down)
            index += 1
        }
        return longest
    }

    /// True for 3 or more scalars that read the same backwards, ignoring
    /// case. Shorter strings are left to `minlen`: calling `a` a
    /// palindrome tells the user nothing.
    static func isPalindrome(_ scalars: [UInt32]) -> Bool {
        guard scalars.count >= 3 else { return false }
        return scalars.elementsEqual(scalars.reversed())
    }
}
