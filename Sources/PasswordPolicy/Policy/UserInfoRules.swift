/// Rules against passwords made from the user's own identity.
///
/// At most one `user_info` reason is reported, the first that applies:
/// 1. `usercheck`: the login (3 or more scalars) appears, ignoring case,
///    forwards or reversed; with `usersubstr` N ≥ 3, so does any N-scalar
///    piece of it.
/// 2. `gecoscheck`: a word of 3 or more scalars of the GECOS field (split at
///    anything that is not a letter or digit) appears, ignoring case,
///    forwards or reversed.
/// 3. The estimator matched pieces from the user's context (`.userContext`)
///    covering at least half of the password: pwguard's own rule, which
///    catches mangled forms (`J0hnSm1th`) that plain substring tests miss.
enum UserInfoRules {
    /// Shorter names and words match too many unrelated passwords.
    static let minWordLength = 3

    static func check(_ text: PolicyText, context: UserContext, estimate: Estimate?,
                      settings: Settings, into reasons: inout [Reason]) {
        if settings.userCheck, let login = context.login,
           containsLogin(text.lower, login: PolicyText(login).lower, substring: settings.userSubstring) {
            reasons.append(.containsLogin)
        } else if settings.gecosCheck, let fullName = context.fullName,
                  containsAnyWord(text.lower, of: fullName) {
            reasons.append(.containsRealName)
        } else if let estimate, isMostlyUserContext(estimate, count: text.count) {
            reasons.append(.builtFromUserContext)
        }
    }

    /// The `usercheck`/`usersubstr` test; both in lower case.
    static func containsLogin(_ password: [UInt32], login: [UInt32], substring: Int) -> Bool {
        guard login.count >= minWordLength else { return false }
        if password.containsSequenceEitherWay(login) { return true }
        guard substring >= minWordLength, substring < login.count else { return false }
        for start in 0...(login.count - substring) {
            if password.containsSequenceEitherWay(Array(login[start..<(start + substring)])) { return true }
        }
        return false
    }

    /// The `gecoscheck` test; `password` in lower case.
    static func containsAnyWord(_ password: [UInt32], of fullName: String) -> Bool {
        for word in words(of: fullName) where word.count >= minWordLength {
            if password.containsSequenceEitherWay(word) { return true }
        }
        return false
    }

    /// The lower-cased words of a GECOS field: runs of letters and digits.
    static func words(of text: String) -> [[UInt32]] {
        var words: [[UInt32]] = []
        var current: [UInt32] = []
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                current.append(PolicyText.lowercase(scalar.value))
            } else if !current.isEmpty {
                words.append(current)
                current = []
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// True when `.userContext` pieces cover at least half of the `count`
    /// scalars. Coverage is marked per position, so overlapping or
    /// out-of-range pieces from the estimator cannot inflate it.
    static func isMostlyUserContext(_ estimate: Estimate, count: Int) -> Bool {
        guard count > 0 else { return false }
        var covered = [Bool](repeating: false, count: count)
        for piece in estimate.pieces where piece.pattern == .userContext {
            let start = max(0, min(piece.start, count))
            let end = max(start, min(piece.end, count))
            for index in start..<end { covered[index] = true }
        }
        let total = covered.filter { $0 }.count
        return total * 2 >= count
    }
}
