/// Rules comparing the new password with the old one.
///
/// At most one of these reasons is reported, the most precise that applies,
/// in this order:
/// 1. `same_as_old`: identical.
/// 2. `case_change_only`: identical ignoring case.
/// 3. `rotated`: same length, and a rotation of the old one ignoring case
///    (`Secret12` → `12secret`).
/// 4. `similar_to_old`, when any of these holds (ignoring case throughout):
///    - pam_pwquality's rule: the Levenshtein distance is less than `difok`,
///      unless the new password is at least twice as long as the old one;
///    - the old password (4 or more scalars) appears in the new one,
///      forwards or reversed (`Summer2023` → `Summer2023!!`);
///    - the new password (4 or more scalars) appears in the old one, as
///      pam_pwquality's rotation check also catches (`Summer2023` → `summer`);
///    - only a few scalars were edited: distance ≤ min(3, old length / 4),
///      for an old password of 4 or more scalars (`Spring2023!` → `Spring2024!`).
///
/// Distances are computed only when both passwords have at most
/// ``Levenshtein/maxLength`` scalars; the other tests are linear scans.
enum OldPasswordRules {
    /// Shorter old passwords give too little to compare reliably: any
    /// 3-character string is "contained" in many unrelated passwords.
    static let minComparableLength = 4

    static func check(_ text: PolicyText, old: PolicyText, settings: Settings, into reasons: inout [Reason]) {
        guard old.count > 0 else { return }
        if text.scalars == old.scalars {
            reasons.append(.sameAsOld)
        } else if text.lower == old.lower {
            reasons.append(.caseChangeOnly)
        } else if isRotation(text.lower, of: old.lower) {
            reasons.append(.rotated)
        } else if isSimilar(text.lower, old: old.lower, differentCharacters: settings.differentCharacters) {
            reasons.append(.similarToOld)
        }
    }

    /// True when `new` equals `old` rotated by a non-zero offset.
    static func isRotation(_ new: [UInt32], of old: [UInt32]) -> Bool {
        guard new.count == old.count, new.count >= 2 else { return false }
        let n = old.count
        for offset in 1..<n where new[0] == old[offset] {
            var k = 0
            while k < n, new[k] == old[(offset + k) % n] { k += 1 }
            if k == n { return true }
        }
        return false
    }

    /// The `similar_to_old` test described on the type; both in lower case.
    static func isSimilar(_ new: [UInt32], old: [UInt32], differentCharacters: Int) -> Bool {
        if old.count >= minComparableLength, new.containsSequenceEitherWay(old) { return true }
        if new.count >= minComparableLength, old.containsSequence(new) { return true }
        guard let distance = Levenshtein.distance(new, old) else { return false }
        if distance < differentCharacters, new.count < old.count * 2 { return true }
        if old.count >= minComparableLength, distance <= min(3, old.count / 4) { return true }
        return false
    }
}
