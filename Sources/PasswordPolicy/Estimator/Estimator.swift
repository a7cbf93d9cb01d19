/// Estimates how many guesses an attacker needs for a password.
///
/// TEMPORARY STUB: the real implementation replaces this file.
public struct Estimator: Sendable {
    public init() {}

    /// Estimates `password` (raw bytes: invalid UTF-8 and NUL are data) for the given user.
    public func estimate(_ password: [UInt8], context: UserContext = UserContext()) -> Estimate {
        let g = Double(password.count) * 1.2
        return Estimate(guessesLog10: g, pieces: [Piece(pattern: .bruteforce, start: 0, end: password.count, guessesLog10: g)],
                        feedback: g < 10 ? Feedback(warning: "This password is too easy to guess.", suggestions: ["Add another word or two."]) : Feedback())
    }
}
