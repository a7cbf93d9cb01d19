/// Ageing findings from shadow's fields (shadow(5)), relative to a day
/// number (days since 1970-01-01, UTC).
///
/// - `last_change_in_future` (medium): the last change is after today; ageing
///   is then meaningless (a clock or an edited file).
/// - `expired` (low): last change 0 (a change is forced at the next login), or
///   today is past last change + maximum age.
/// - `password_too_old` (low): the password is older than `maxAgeDays` (365
///   by default, the CIS limit), whatever the maximum age says.
/// - `never_expires` (info): no maximum age, or 99999 and above (the
///   distributions' "never"), or ageing off (empty last change).
public enum AgeingRules {
    /// The distributions' "no maximum" value (useradd writes 99999).
    public static let neverDays = 99_999

    /// Findings for one account's ageing fields.
    public static func findings(_ ageing: PasswordAgeing, today: Int, maxAgeDays: Int) -> [Finding] {
        var findings: [Finding] = []
        let maximum = ageing.maxDays.flatMap { $0 >= 0 && $0 < neverDays ? $0 : nil }
        guard let last = ageing.lastChange else {
            return [Finding(.neverExpires, .info, "ageing is off (empty last-change field)")]
        }
        if last == 0 {
            findings.append(Finding(.expired, .low, "a change is forced at the next login (last change is 0)"))
        } else if last > today {
            findings.append(Finding(.lastChangeInFuture, .medium,
                                    "last change is \(last - today) days in the future (day \(last), today is day \(today))"))
        } else {
            let age = today - last
            if let maximum, age > maximum {
                var detail = "expired \(age - maximum) days ago (maximum age \(maximum) days)"
                if let inactive = ageing.inactiveDays, age > maximum + inactive {
                    detail += "; the \(inactive)-day inactivity period is over too"
                }
                findings.append(Finding(.expired, .low, detail))
            }
            if age > maxAgeDays {
                findings.append(Finding(.passwordTooOld, .low, "password is \(age) days old (limit \(maxAgeDays))"))
            }
        }
        if maximum == nil {
            let what = ageing.maxDays.map { "maximum age \($0) days" } ?? "no maximum age"
            findings.append(Finding(.neverExpires, .info, "password never expires (\(what))"))
        }
        return findings
    }

    /// Days since 1970-01-01 of a Unix time.
    public static func day(ofUnixTime seconds: Int) -> Int {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }
}
