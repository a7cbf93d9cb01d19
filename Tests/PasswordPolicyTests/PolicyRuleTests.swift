import XCTest
@testable import PasswordPolicy

/// Each rule, triggered and not, with its exact message.
///
/// Rules are checked against a fixed, neutral estimate (very hard to guess,
/// no patterns) so that these tests do not depend on the estimator; the
/// estimate-based rules get estimates made for them.
final class PolicyRuleTests: XCTestCase {
    /// An estimate that no estimate-based rule objects to.
    private func neutral(_ password: String) -> Estimate {
        let count = password.unicodeScalars.count
        return Estimate(guessesLog10: 20,
                        pieces: [Piece(pattern: .bruteforce, start: 0, end: count, guessesLog10: 20)],
                        feedback: Feedback())
    }

    private func settings(_ text: String = "") -> Settings {
        do { return try Settings.parse(text: text) } catch {
            XCTFail("\(error)")
            return Settings()
        }
    }

    private func verdict(_ password: String, _ config: String = "", context: UserContext = UserContext(),
                         estimate: Estimate? = nil) -> Verdict {
        PasswordChecker(settings: settings(config))
            .check(Array(password.utf8), context: context, estimate: estimate ?? neutral(password))
    }

    private func codes(_ password: String, _ config: String = "", context: UserContext = UserContext(),
                       estimate: Estimate? = nil) -> [ReasonCode] {
        verdict(password, config, context: context, estimate: estimate).reasons.map(\.code)
    }

    private func messages(_ password: String, _ config: String = "", context: UserContext = UserContext(),
                          estimate: Estimate? = nil) -> [String] {
        verdict(password, config, context: context, estimate: estimate).reasons.map(\.message)
    }

    private let strong = "Vq8#mZ2!pL7@xR4$"

    func testStrongPasswordIsAccepted() {
        let result = verdict(strong)
        XCTAssertTrue(result.accepted)
        XCTAssertEqual(result.reasons, [])
        XCTAssertNotNil(result.estimate)
    }

    // MARK: Length

    func testTooShort() {
        XCTAssertEqual(messages("abc"), ["The password is shorter than 8 characters"])
        XCTAssertEqual(codes("abcdefg"), [.tooShort])
        XCTAssertEqual(codes("abcdefgh"), [])
        XCTAssertEqual(messages("", "minlen = 1"), ["The password is shorter than 1 character"])
    }

    func testLengthCountsScalarsAndInvalidBytes() {
        // 7 two-byte scalars are 7 characters, not 14.
        XCTAssertEqual(codes("éàüöäëï"), [.tooShort])
        XCTAssertEqual(codes("éàüöäëïô"), [])
        // Each invalid byte counts one.
        let checker = PasswordChecker(settings: Settings())
        let invalid: [UInt8] = [0xFF, 0xFE, 0xC3, 0x28, 0x80, 0xED, 0xA0, 0x80]
        let estimate = Estimate(guessesLog10: 20, pieces: [], feedback: Feedback())
        XCTAssertEqual(checker.check(invalid, context: UserContext(), estimate: estimate).reasons, [])
        XCTAssertEqual(checker.check(Array(invalid.dropLast()), context: UserContext(), estimate: estimate)
            .reasons.map(\.code), [.tooShort])
    }

    func testPositiveCreditsCountTowardMinlen() {
        let config = "minlen = 10\ndcredit = 2\nocredit = 1"
        XCTAssertEqual(codes("abcdefg12", config), [])      // 9 + 2 digit credits
        XCTAssertEqual(codes("abcdefg1", config), [.tooShort]) // 8 + 1
        XCTAssertEqual(codes("abcdef1234", config), [])     // 10, credits capped at 2
        XCTAssertEqual(codes("abcdef!12", config), [])      // 9 + 2 + 1 → 12
        XCTAssertEqual(messages("abcdefg", config), ["The password is shorter than 10 characters"])
    }

    func testTooLongByScalarCount() {
        let config = "max_length = 64"
        XCTAssertEqual(codes(String(repeating: "éa", count: 32), config), [])
        let result = verdict(String(repeating: "éa", count: 32) + "é", config)
        XCTAssertEqual(result.reasons, [Reason(code: .tooLong, message: "The password is longer than 64 characters")])
        XCTAssertNil(result.estimate)
    }

    func testMegabytePasswordIsRejectedWithoutAnalysis() {
        let checker = PasswordChecker(settings: Settings())
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let result = checker.check(huge, context: UserContext(login: "aaa", oldPassword: huge))
        XCTAssertEqual(result.reasons.map(\.code), [.tooLong])
        XCTAssertEqual(result.reasons.first?.message, "The password is longer than 1024 characters")
        XCTAssertNil(result.estimate, "the estimator must not run")
        XCTAssertEqual(checker.inputByteLimit, 4096)
        XCTAssertNil(checker.check(Array(huge.prefix(4097)), context: UserContext()).estimate)
    }

    func testMaximumLengthPasswordWithLongOldPasswordStaysFast() {
        let settings = settings("max_length = 4096")
        let checker = PasswordChecker(settings: settings)
        let password = [UInt8](repeating: UInt8(ascii: "a"), count: 4095) + [UInt8(ascii: "b")]
        let old = [UInt8](repeating: UInt8(ascii: "a"), count: 4096)
        // Completes (the distance is capped at 256 scalars each); `make bench`
        // measures time, tests do not.
        let result = checker.check(password, context: UserContext(login: "aab", oldPassword: old),
                                   estimate: Estimate(guessesLog10: 20, pieces: [], feedback: Feedback()))
        XCTAssertFalse(result.accepted)
    }

    // MARK: Composition

    func testRequiredCharacterCounts() {
        XCTAssertEqual(messages("abcdefgh", "dcredit = -1"), ["The password contains less than 1 digit"])
        XCTAssertEqual(messages("abcdefg1", "dcredit = -2"), ["The password contains less than 2 digits"])
        XCTAssertEqual(codes("abcdef12", "dcredit = -2"), [])
        XCTAssertEqual(messages("abcdefgh", "ucredit = -1"), ["The password contains less than 1 uppercase letter"])
        XCTAssertEqual(messages("abcdefgH", "ucredit = -2"), ["The password contains less than 2 uppercase letters"])
        XCTAssertEqual(codes("abcdefgÉ", "ucredit = -1"), [], "non-ASCII capitals count")
        XCTAssertEqual(messages("ABCDEFGH", "lcredit = -1"), ["The password contains less than 1 lowercase letter"])
        XCTAssertEqual(messages("abcdefgh", "ocredit = -3"),
                       ["The password contains less than 3 non-alphanumeric characters"])
        XCTAssertEqual(codes("ab!defg東", "ocredit = -2"), [], "uncased letters are others")
        XCTAssertEqual(codes("abcdefgh", "dcredit = -1\nucredit = -1\nlcredit = -1\nocredit = -1"),
                       [.tooFewDigits, .tooFewUppercase, .tooFewOthers])
    }

    func testMinimumClasses() {
        XCTAssertEqual(messages("abcdefgh", "minclass = 2"), ["The password contains less than 2 character classes"])
        XCTAssertEqual(messages("abcdefgh", "minclass = 1"), [])
        XCTAssertEqual(codes("abcdefg1", "minclass = 2"), [])
        XCTAssertEqual(codes("abcdefG1", "minclass = 4"), [.tooFewClasses])
        XCTAssertEqual(codes("abcdeG1!", "minclass = 4"), [])
    }

    // MARK: Patterns

    func testMaxRepeat() {
        XCTAssertEqual(messages("abcccdefg", "maxrepeat = 2"),
                       ["The password contains more than 2 same characters consecutively"])
        XCTAssertEqual(codes("abccdefgcc", "maxrepeat = 2"), [])
        XCTAssertEqual(codes("abcCcdefg", "maxrepeat = 2"), [], "case matters, as in pam_pwquality")
        XCTAssertEqual(codes("abcccdefg"), [], "off by default")
        XCTAssertEqual(messages("abbcdefg", "maxrepeat = 1"),
                       ["The password contains more than 1 same character consecutively"])
    }

    func testMaxSequence() {
        XCTAssertEqual(messages("xabcdzzy", "maxsequence = 3"),
                       ["The password contains monotonic sequence longer than 3 characters"])
        XCTAssertEqual(codes("x9876zzy", "maxsequence = 3"), [.tooLongSequence])
        XCTAssertEqual(codes("xabczabc", "maxsequence = 3"), [])
        XCTAssertEqual(codes("xabcdzzy"), [], "off by default")
    }

    func testMaxClassRepeat() {
        XCTAssertEqual(messages("abcd1234", "maxclassrepeat = 3"),
                       ["The password contains more than 3 characters of the same class consecutively"])
        XCTAssertEqual(codes("abc1de2f", "maxclassrepeat = 3"), [])
    }

    func testPalindrome() {
        XCTAssertEqual(messages("abcdDCBA"), ["The password is a palindrome"])
        XCTAssertEqual(codes("abc12cba"), [])
        XCTAssertEqual(codes("aba", "minlen = 1"), [.palindrome])
        XCTAssertEqual(codes("aa", "minlen = 1"), [])
    }

    // MARK: Old password

    private func old(_ text: String, login: String? = nil) -> UserContext {
        UserContext(login: login, oldPassword: Array(text.utf8))
    }

    func testSameAsOld() {
        XCTAssertEqual(messages("Tr0ub4dor&3", context: old("Tr0ub4dor&3")), ["The password is the same as the old one"])
    }

    func testCaseChangeOnly() {
        XCTAssertEqual(messages("tR0UB4DOR&3", context: old("Tr0ub4dor&3")),
                       ["The password differs with case changes only"])
    }

    func testRotated() {
        XCTAssertEqual(messages("dor&3Tr0ub4", context: old("Tr0ub4dor&3")), ["The password is just rotated old one"])
        XCTAssertEqual(codes("DOR&3tr0ub4", context: old("Tr0ub4dor&3")), [.rotated])
    }

    func testSimilarToOld() {
        let similar = "The password is too similar to the old one"
        // The old password inside the new one, forwards or reversed.
        XCTAssertEqual(messages("xxSummer2023!!", context: old("Summer2023")), [similar])
        XCTAssertEqual(codes("3202REMMUSxyz", context: old("Summer2023")), [.similarToOld])
        // The new one is a part of the old one.
        XCTAssertEqual(codes("winter2023", context: old("MyWinter2023Holiday")), [.similarToOld])
        // A few edits: distance ≤ min(3, old length / 4).
        XCTAssertEqual(codes("Spring2024!", context: old("Spring2023!")), [.similarToOld])
        XCTAssertEqual(codes("purple-monkey-dishwasher-7", context: old("purple-monkey-dishwasher-1")), [.similarToOld])
        // pam_pwquality's difok: fewer than difok changes, unless twice as long.
        XCTAssertEqual(codes("qwertzuiop", "difok = 6", context: old("qwerty1234")), [.similarToOld])
        XCTAssertEqual(codes("qwertzuiop", "difok = 5", context: old("qwerty1234")), [])
        XCTAssertEqual(codes("qwertzuiopqwertzuiop", "difok = 6", context: old("qwerty1234")), [])
        // Unrelated passwords pass; short old passwords are not searched for.
        XCTAssertEqual(codes(strong, context: old("Tr0ub4dor&3")), [])
        XCTAssertEqual(codes("catalogue-42", context: old("cat")), [])
        XCTAssertEqual(codes(strong, context: UserContext(oldPassword: [])), [])
    }

    func testSimilarityThresholdScalesWithOldLength() {
        // Old of 11 scalars allows distance ≤ 2 to count as similar; 3 edits do not.
        XCTAssertEqual(codes("Spring2024!", context: old("Spring2023!")), [.similarToOld])
        XCTAssertEqual(codes("Sprinq2024!", context: old("Spring2023!")), [.similarToOld])
        XCTAssertEqual(codes("Sprinq2024?", context: old("Spring2023!")), [])
        // Old of 12+ scalars: up to 3 edits.
        XCTAssertEqual(codes("Sprinq2024?x", context: old("Spring2023!x")), [.similarToOld])
    }

    func testOldPasswordReasonsAreExclusive() {
        XCTAssertEqual(codes("Tr0ub4dor&3", context: old("Tr0ub4dor&3")), [.sameAsOld])
    }

    func testLevenshteinIsBounded() {
        XCTAssertEqual(Levenshtein.distance(Array("kitten".unicodeScalars.map(\.value)),
                                            Array("sitting".unicodeScalars.map(\.value))), 3)
        XCTAssertEqual(Levenshtein.distance([], [1, 2]), 2)
        XCTAssertNil(Levenshtein.distance([UInt32](repeating: 1, count: 257), [1]))
        XCTAssertEqual(Levenshtein.distance([UInt32](repeating: 1, count: 256), [1]), 255)
    }

    // MARK: User information

    func testLoginInPassword() {
        let message = "The password contains the user name in some form"
        let jdoe = UserContext(login: "jdoe")
        XCTAssertEqual(messages("xJDoe2024!", context: jdoe), [message])
        XCTAssertEqual(messages("xeodj2024!", context: jdoe), [message], "reversed")
        XCTAssertEqual(codes("xjd0e2024!", context: jdoe), [])
        XCTAssertEqual(codes("xJDoe2024!", "usercheck = 0", context: jdoe), [])
        XCTAssertEqual(codes("xxab2024!!", context: UserContext(login: "ab")), [], "logins under 3 characters")
    }

    func testLoginSubstrings() {
        let context = UserContext(login: "johnsmith")
        XCTAssertEqual(codes("xx-smit-2024", context: context), [])
        XCTAssertEqual(codes("xx-smit-2024", "usersubstr = 4", context: context), [.userInfo])
        XCTAssertEqual(codes("xx-tims-2024", "usersubstr = 4", context: context), [.userInfo])
        XCTAssertEqual(codes("xx-smi-20245", "usersubstr = 4", context: context), [])
        XCTAssertEqual(codes("xx-smit-2024", "usersubstr = 4\nusercheck = 0", context: context), [])
    }

    func testRealNameInPassword() {
        let message = "The password contains words from the real name of the user in some form"
        let context = UserContext(login: "jd", fullName: "John Doe-Müller,Room 12,555-1234")
        XCTAssertEqual(codes("xxjohn2024!", context: context), [], "gecoscheck is off by default")
        XCTAssertEqual(messages("xxJOHN2024!", "gecoscheck = 1", context: context), [message])
        XCTAssertEqual(codes("xxrellüm24!", "gecoscheck = 1", context: context), [.userInfo])
        XCTAssertEqual(codes("xx1234-rm-x", "gecoscheck = 1", context: context), [.userInfo])
        XCTAssertEqual(codes("xxdoe_2024!", "gecoscheck = 1", context: context), [.userInfo])
        XCTAssertEqual(codes("xxroom_2024", "gecoscheck = 1", context: context), [.userInfo])
        XCTAssertEqual(codes("xx12_555_xy", "gecoscheck = 1", context: context), [.userInfo])
        XCTAssertEqual(codes("xxjo_2024!!", "gecoscheck = 1", context: context), [])
    }

    func testUserContextPiecesCoveringHalf() {
        let message = "The password is built from the user's own name or login"
        let password = "J0hnSm1th!!!"  // 12 scalars
        func estimate(covering ranges: [Range<Int>]) -> Estimate {
            Estimate(guessesLog10: 20,
                     pieces: ranges.map { Piece(pattern: .userContext, start: $0.lowerBound, end: $0.upperBound,
                                                guessesLog10: 1) },
                     feedback: Feedback())
        }
        XCTAssertEqual(messages(password, estimate: estimate(covering: [0..<4, 4..<6])), [message])
        XCTAssertEqual(codes(password, estimate: estimate(covering: [0..<5])), [])
        // Overlapping or out-of-range pieces cannot inflate the coverage.
        XCTAssertEqual(codes(password, estimate: estimate(covering: [0..<5, 0..<5, 2..<4])), [])
        XCTAssertEqual(codes(password, estimate: estimate(covering: [-10..<3, 10..<99])), [])
    }

    func testOneUserInfoReasonAtMost() {
        let context = UserContext(login: "jdoe", fullName: "John Doe")
        XCTAssertEqual(messages("xjdoe-john1", "gecoscheck = 1", context: context),
                       ["The password contains the user name in some form"])
    }

    // MARK: Words

    func testBadWords() {
        let message = "The password contains forbidden words in some form"
        let config = "badwords = Acme rocket"
        XCTAssertEqual(messages("my-ACME-pass-1", config), [message])
        XCTAssertEqual(codes("my-tekcor-pass", config), [.badWord])
        XCTAssertEqual(codes("my-acm-pass-11", config), [])
    }

    func testDictionaryWord() {
        let message = "The password is based on a dictionary word"
        let password = "P@ssw0rd"
        let whole = Estimate(guessesLog10: 20,
                             pieces: [Piece(pattern: .dictionary, start: 0, end: 8, guessesLog10: 2,
                                            dictionary: "passwords", rank: 2, l33tSubstitutions: 2, capitalised: true)],
                             feedback: Feedback())
        XCTAssertEqual(messages(password, estimate: whole), [message])
        XCTAssertEqual(codes(password, "dictcheck = 0", estimate: whole), [])
        let partial = Estimate(guessesLog10: 20,
                               pieces: [Piece(pattern: .dictionary, start: 0, end: 6, guessesLog10: 2),
                                        Piece(pattern: .bruteforce, start: 6, end: 8, guessesLog10: 2)],
                               feedback: Feedback())
        XCTAssertEqual(codes(password, estimate: partial), [])
    }

    func testTooGuessable() {
        func estimate(_ log10: Double) -> Estimate {
            Estimate(guessesLog10: log10, pieces: [], feedback: Feedback())
        }
        XCTAssertEqual(messages(strong, estimate: estimate(9.99)), ["The password is too easy to guess"])
        XCTAssertEqual(codes(strong, estimate: estimate(10)), [])
        XCTAssertEqual(codes(strong, "min_guesses_log10 = 0", estimate: estimate(0)), [])
        XCTAssertEqual(codes(strong, "min_guesses_log10 = 30", estimate: estimate(29.9)), [.tooGuessable])
        XCTAssertEqual(codes(strong, "min_guesses_log10 = 0", estimate: estimate(.nan)), [.tooGuessable],
                       "a broken estimate must not let a password through")
    }

    func testExtremeThresholdsWithTheRealEstimator() {
        let lenient = PasswordChecker(settings: settings("min_guesses_log10 = 0\ndictcheck = 0"))
        XCTAssertTrue(lenient.check(Array(strong.utf8), context: UserContext()).accepted)
        let strict = PasswordChecker(settings: settings("min_guesses_log10 = 30"))
        let result = strict.check(Array("abcdefgh".utf8), context: UserContext())
        XCTAssertTrue(result.reasons.map(\.code).contains(.tooGuessable))
        XCTAssertNotNil(result.estimate)
    }

    // MARK: Order and robustness

    func testReasonsFollowCodeOrder() {
        let config = "dcredit = -1\nminclass = 3\nbadwords = abc"
        XCTAssertEqual(codes("abcba", config, estimate: Estimate(guessesLog10: 1, pieces: [], feedback: Feedback())),
                       [.tooShort, .badWord, .palindrome, .tooFewDigits, .tooFewClasses, .tooGuessable])
        XCTAssertEqual(ReasonCode.allCases.map(\.rawValue), [
            "too_long", "too_short", "same_as_old", "case_change_only", "rotated", "similar_to_old", "breached",
            "user_info", "bad_word", "palindrome", "dictionary_word", "too_few_digits", "too_few_uppercase",
            "too_few_lowercase", "too_few_others", "too_few_classes", "too_many_repeats", "too_long_sequence",
            "too_many_class_repeats", "too_guessable", "breach_db_unavailable",
        ])
    }

    func testNULAndInvalidUTF8DoNotCrash() {
        let settings = settings("""
            maxrepeat = 2
            maxsequence = 2
            maxclassrepeat = 2
            minclass = 4
            dcredit = -1
            gecoscheck = 1
            usersubstr = 3
            difok = 3
            badwords = \u{FFFD}
            """)
        let checker = PasswordChecker(settings: settings)
        let inputs: [[UInt8]] = [
            [], [0], [0, 0, 0, 0, 0, 0, 0, 0, 0], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
            [0xED, 0xA0, 0x80, 0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80, 0x00, 0x61],
            Array("pass\u{0}word\u{0}".utf8), [UInt8](repeating: 0xFF, count: 5000),
            (0...255).map { UInt8($0) }, [UInt8](repeating: 0x80, count: 1024),
        ]
        for input in inputs {
            let context = UserContext(login: "a\u{0}b", fullName: "\u{0}, ,,", oldPassword: input.reversed())
            let withEstimator = checker.check(input, context: context)
            let withFixed = checker.check(input, context: context, estimate: Estimate(
                guessesLog10: 3, pieces: [Piece(pattern: .userContext, start: -5, end: Int.max, guessesLog10: 1)],
                feedback: Feedback()))
            XCTAssertFalse(withEstimator.accepted && withFixed.accepted)
        }
    }

    func testRandomInputsWithEveryRuleOn() {
        let checker = PasswordChecker(settings: settings("""
            maxrepeat = 1
            maxsequence = 1
            maxclassrepeat = 1
            minclass = 4
            dcredit = 1
            ucredit = -1
            gecoscheck = 1
            usersubstr = 3
            difok = 50
            badwords = a é \u{F7FF}
            max_length = 64
            """))
        // A fixed linear congruential generator: reproducible, no seeding API needed.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Bytes biased toward ASCII and UTF-8 lead/continuation bytes.
        let alphabet: [UInt8] = Array("aAbB09-.é".utf8) + [0x00, 0x80, 0xBF, 0xC3, 0xE2, 0xF0, 0xF4, 0xFF]
        func randomBytes() -> [UInt8] { (0..<next(300)).map { _ in alphabet[next(alphabet.count)] } }
        for _ in 0..<1000 {
            let password = randomBytes()
            let old = randomBytes()
            let context = UserContext(login: String(decoding: randomBytes().prefix(8), as: UTF8.self),
                                      fullName: String(decoding: randomBytes().prefix(30), as: UTF8.self),
                                      oldPassword: old)
            let pieceStart = next(400) - 50
            let estimate = Estimate(
                guessesLog10: Double(next(30)),
                pieces: [Piece(pattern: next(2) == 0 ? .dictionary : .userContext,
                               start: pieceStart, end: pieceStart + next(400) - 50, guessesLog10: 1)],
                feedback: Feedback())
            let fixed = checker.check(password, context: context, estimate: estimate)
            XCTAssertEqual(fixed.reasons.map(\.code), PasswordChecker.ordered(fixed.reasons).map(\.code))
            _ = checker.check(password, context: context)
        }
    }

    func testWipeZeroesStorage() {
        var bytes: [UInt8] = Array("secret".utf8)
        bytes.wipe()
        XCTAssertEqual(bytes, [0, 0, 0, 0, 0, 0])
        var empty: [UInt32] = []
        empty.wipe()
        XCTAssertEqual(empty, [])
    }
}
