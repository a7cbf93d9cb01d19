/// Length and composition rules, with pam_pwquality's credit semantics.
///
/// A positive credit `N` lets up to `N` characters of that class count
/// twice toward `minlen`; a negative credit `-N` requires at least `N`
/// characters of that class. With the default credits of 0 the length
/// rule is the plain NIST minimum.
enum CompositionRules {
    static func check(_ text: PolicyText, settings: Settings, into reasons: inout [Reason]) {
        // Indexed by raw value, which is 0..<4 by construction.
        var counts = [Int](repeating: 0, count: CharacterClass.allCases.count)
        for scalar in text.scalars {
            counts[CharacterClass(scalar).rawValue] += 1
        }

        // Credits are bounded by the table (±256), so the sum cannot overflow.
        var credited = 0
        let credits: [(CharacterClass, Int, (Int) -> Reason)] = [
            (.digit, settings.digitCredit, Reason.tooFewDigits),
            (.uppercase, settings.uppercaseCredit, Reason.tooFewUppercase),
            (.lowercase, settings.lowercaseCredit, Reason.tooFewLowercase),
            (.other, settings.otherCredit, Reason.tooFewOthers),
        ]
        for (characterClass, credit, reason) in credits {
            let count = counts[characterClass.rawValue]
            if credit > 0 {
                credited += min(count, credit)
            } else if credit < 0, count < -credit {
                reasons.append(reason(-credit))
            }
        }

        if text.count + credited < settings.minLength {
            reasons.append(.tooShort(settings.minLength))
        }

        let classes = counts.filter { $0 > 0 }.count
        if settings.minClasses > 0, classes < settings.minClasses {
            reasons.append(.tooFewClasses(settings.minClasses))
        }
    }
}
