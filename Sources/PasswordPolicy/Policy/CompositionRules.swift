/// Length and composition rules, with pam_pwquality's credit semantics.
///
/// A positive credit `N` lets up to `N` characters of that class count
/// twice toward `minlen`; a negative credit `-N` requires at least `N`
/// characters of that class. With the default credits of 0 the length
/// rule is the plain NIST minimum.
enum CompositionRules {
    static func check(_ text: PolicyText, settings: Settings, into reasons: inout [Reason]) {
        var digits = 0, uppercase = 0, lowercase = 0, others = 0
        for scalar in text.scalars {
            switch CharacterClass(scalar) {
            case .digit: digits += 1
            case .uppercase: uppercase += 1
            case .lowercase: lowercase += 1
            case .other: others += 1
            }
        }

        // Credits are bounded by the table (±256), so the sum cannot overflow.
        var credited = 0
        func apply(_ count: Int, _ credit: Int, _ reason: (Int) -> Reason) {
            if credit > 0 {
                credited += min(count, credit)
            } else if credit < 0, count < -credit {
                reasons.append(reason(-credit))
            }
        }
        apply(digits, settings.digitCredit, Reason.tooFewDigits)
        apply(uppercase, settings.uppercaseCredit, Reason.tooFewUppercase)
        apply(lowercase, settings.lowercaseCredit, Reason.tooFewLowercase)
        apply(others, settings.otherCredit, Reason.tooFewOthers)

        if text.count + credited < settings.minLength {
            reasons.append(.tooShort(settings.minLength))
        }

        let classes = [digits, uppercase, lowercase, others].reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        if settings.minClasses > 0, classes < settings.minClasses {
            reasons.append(.tooFewClasses(settings.minClasses))
        }
    }
}
