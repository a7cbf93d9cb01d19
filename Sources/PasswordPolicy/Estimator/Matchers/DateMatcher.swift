/// Finds years (`1987`, `2031`, a lone `99`) and calendar dates in the usual
/// formats: day, month and year in the orders d-m-y, m-d-y, y-m-d (and,
/// rarely, y-d-m), day and month of 1 or 2 digits, years of 2 or 4 digits,
/// either run together (`08082002`, `19960412`, `1204` = 1/2/04) or split by
/// one separator used consistently (`/ - . _` or space: `8.8.2002`,
/// `2002-08-08`). Days are checked against the month, with leap years.
///
/// Plausible years follow the clock, never a fixed century:
/// `currentYear − 200 … currentYear + 50`. The past reaches every living
/// person's birth year and the founding years of clubs and firms people
/// love (1880s, 1890s); the future covers goals and anniversaries (2030,
/// 2050). Distance from now is priced in, so a generous window costs nothing
/// in accuracy. Two-digit years resolve to the century placing them in
/// `currentYear − 79 … currentYear + 20` (99 → 1999, 25 → 2025).
///
/// log10 guesses:
/// - year: log10(max(|year − currentYear|, 20)); the floor of 20 because a
///   cracker tries the recent years as one block, not in order of distance.
/// - date: log10(max(|year − currentYear|, 20) × 365, × 4 if separated,
///   × 4 if only a y-d-m reading is valid); among ambiguous readings the
///   cheapest is kept. Two-digit years are naturally cheaper: their year
///   lies within 80 years of now. Undelimited dates dearer than the digits'
///   brute force (10^length) are not emitted: they could never be chosen.
///
/// Linear time: only windows of at most 10 characters starting at each
/// position are examined (dd-mm-yyyy is the longest format), each against a
/// fixed handful of splits, with the digit runs precomputed once.
enum DateMatcher {
    static let minimumYearSpace = 20
    static let yearsBack = 200
    static let yearsAhead = 50

    static func match(_ text: PasswordText, environment: MatchEnvironment, into candidates: inout [Candidate]) {
        let n = text.count
        guard n >= 2 else { return }
        let scalars = text.scalars
        let context = Context(currentYear: environment.currentYear)

        // Digit values (−1 for non-digits) and where each digit run ends.
        var digits = [Int](repeating: -1, count: n)
        var any = false
        for i in 0..<n {
            let s = scalars[i]
            if s >= 0x30 && s <= 0x39 {
                digits[i] = Int(s - 0x30)
                any = true
            }
        }
        guard any else { return }
        let digit = digits
        var runEnds = [Int](repeating: n, count: n + 1)
        var i = n - 1
        while i >= 0 {
            runEnds[i] = digit[i] >= 0 ? runEnds[i + 1] : i
            i -= 1
        }
        let runEnd = runEnds

        // Two-digit values at each position (−1 where not two digits), so
        // reading any number of a date is one or two loads.
        var pairs = [Int](repeating: -1, count: n)
        for i in 0..<(n - 1) where digit[i] >= 0 && digit[i + 1] >= 0 {
            pairs[i] = digit[i] * 10 + digit[i + 1]
        }
        let pair = pairs

        /// Value of the `length` (1, 2 or 4) digits from `start`; callers
        /// checked that they are digits inside the text.
        @inline(__always) func value(_ start: Int, _ length: Int) -> Int {
            switch length {
            case 1: return digit[start]
            case 2: return pair[start]
            default: return pair[start] &* 100 &+ pair[start + 2]
            }
        }

        // One piece of each kind, updated per candidate: cheaper than
        // building each anew.
        var yearPiece = Piece(pattern: .year, start: 0, end: 0, guessesLog10: 0)
        var datePiece = Piece(pattern: .date, start: 0, end: 0, guessesLog10: 0)
        func append(_ piece: inout Piece, _ start: Int, _ end: Int, _ guesses: Double) {
            piece.start = start
            piece.end = end
            piece.guessesLog10 = GuessMath.log10(guesses)
            candidates.append(Candidate(piece))
        }

        var best = [Double](repeating: .infinity, count: 9)   // by window length 4…8

        for start in 0..<n where digit[start] >= 0 {
            let stop = runEnd[start]
            let run = stop - start

            // A four-digit year anywhere in a digit run.
            if run >= 4 {
                let y = context.year(value(start, 4), digits: 4)
                if y > 0 { append(&yearPiece, start, start + 4, context.yearSpace(y)) }
            }
            // A two-digit year only as a whole run (`name99`); inside longer
            // runs the dates and four-digit years explain the digits.
            if run == 2, start == 0 || digit[start - 1] < 0 {
                append(&yearPiece, start, start + 2, context.yearSpace(context.year(value(start, 2), digits: 2)))
            }

            // Dates without separators: 4 to 8 digits, day and month of 1–2
            // digits and a year of 2 or 4, in every order. Numbers that
            // cannot be a day and a month are dropped before a year is read.
            if run >= 4 {
                for length in 4...8 { best[length] = .infinity }
                // Day and month first: d-m-y and m-d-y cost the same.
                for p in 1...2 {
                    let a = value(start, p)
                    for q in 1...2 where start + p + q + 2 <= stop {
                        let b = value(start + p, q)
                        guard couldBeDayAndMonth(a, b) else { continue }
                        let yearStart = start + p + q
                        for yearDigits in stride(from: 2, through: 4, by: 2) where yearStart + yearDigits <= stop {
                            let g = context.dayMonthYear(a, b, context.year(value(yearStart, yearDigits), digits: yearDigits))
                            let length = p + q + yearDigits
                            if g < best[length] { best[length] = g }
                        }
                    }
                }
                // Year first: y-m-d, or rarely y-d-m.
                for yearDigits in stride(from: 2, through: 4, by: 2) where start + yearDigits + 2 <= stop {
                    let y = context.year(value(start, yearDigits), digits: yearDigits)
                    guard y > 0 else { continue }
                    for p in 1...2 {
                        let b = value(start + yearDigits, p)
                        for q in 1...2 where start + yearDigits + p + q <= stop {
                            let c = value(start + yearDigits + p, q)
                            let g = context.yearMonthDay(y, b, c)
                            let length = yearDigits + p + q
                            if g < best[length] { best[length] = g }
                        }
                    }
                }
                // Only dates cheaper than the digits' brute force (10 per
                // digit) can ever be chosen; the rest would be noise.
                for length in 4...8 where best[length] < powersOf10[length] {
                    append(&datePiece, start, start + length, best[length])
                }
            }

            // Dates with separators: number, separator, number, the same
            // separator, number; one separator kind throughout.
            let firstLength = min(run, 5)
            guard firstLength == 1 || firstLength == 2 || firstLength == 4 else { continue }
            let separator1 = start + firstLength
            guard separator1 + 1 < n, isSeparator(scalars[separator1]) else { continue }
            let secondStart = separator1 + 1
            let secondLength = runEnd[secondStart] - secondStart
            guard secondLength == 1 || secondLength == 2 else { continue }
            let separator2 = secondStart + secondLength
            guard separator2 + 1 < n, scalars[separator2] == scalars[separator1] else { continue }
            let thirdStart = separator2 + 1
            let thirdRun = runEnd[thirdStart] - thirdStart
            let first = value(start, firstLength)
            let second = value(secondStart, secondLength)
            // The last number may be followed by more digits: try each
            // length it could have (1, 2 or 4), each its own window.
            for thirdLength in 1...4 where thirdLength != 3 && thirdLength <= thirdRun {
                let third = value(thirdStart, thirdLength)
                var g = Double.infinity
                if firstLength == 4 {
                    if thirdLength <= 2 { g = context.yearMonthDay(context.year(first, digits: 4), second, third) }
                } else {
                    if thirdLength != 1 {
                        g = context.dayMonthYear(first, second, context.year(third, digits: thirdLength))
                    }
                    if firstLength == 2 && thirdLength <= 2 {
                        g = min(g, context.yearMonthDay(context.year(first, digits: 2), second, third))
                    }
                }
                // Which separator, in which places: ×4.
                if g < .infinity { append(&datePiece, start, thirdStart + thirdLength, g * 4) }
            }
        }
    }

    private static let powersOf10: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// Both within 1…31 and at least one within 1…12.
    @inline(__always)
    static func couldBeDayAndMonth(_ a: Int, _ b: Int) -> Bool {
        a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12)
    }

    @inline(__always)
    static func isSeparator(_ s: UInt32) -> Bool {
        s == 0x2F || s == 0x2D || s == 0x2E || s == 0x5F || s == 0x20   // / - . _ space
    }

    /// The year arithmetic, fixed for one call.
    struct Context {
        let now: Int
        let earliest: Int
        let latest: Int
        /// Two-digit years: yy ≤ pivot → century + yy, else century − 100 + yy,
        /// which lands in now − 79 … now + 20.
        let pivot: Int
        let century: Int

        init(currentYear: Int) {
            // A broken clock must not overflow the arithmetic: clamp it.
            now = min(max(currentYear, 1000), 9999)
            earliest = now - DateMatcher.yearsBack
            latest = now + DateMatcher.yearsAhead
            let top = now + 20
            pivot = top % 100
            century = top - pivot
        }

        /// The full year for `raw` written with `digits` digits, or 0 when
        /// it is not a plausible year.
        @inline(__always)
        func year(_ raw: Int, digits: Int) -> Int {
            if digits == 2 {
                guard raw >= 0 && raw <= 99 else { return 0 }
                return raw <= pivot ? century + raw : century - 100 + raw
            }
            return raw >= earliest && raw <= latest ? raw : 0
        }

        /// max(|year − now|, 20), as a Double ready to multiply.
        @inline(__always)
        func yearSpace(_ year: Int) -> Double {
            let distance = year >= now ? year - now : now - year
            return Double(max(distance, DateMatcher.minimumYearSpace))
        }

        /// Guesses for `a`, `b` as day and month in either order (d-m-y and
        /// m-d-y are equally common) of `year` (0: none); +∞ when invalid.
        @inline(__always)
        func dayMonthYear(_ a: Int, _ b: Int, _ year: Int) -> Double {
            guard year > 0, DateMatcher.isValid(day: a, month: b, year: year)
                    || DateMatcher.isValid(day: b, month: a, year: year) else { return .infinity }
            return yearSpace(year) * 365
        }

        /// Guesses for `year` (0: none) then `b`, `c` as month and day, or
        /// four times as many as day and month (y-d-m is rare); +∞ when invalid.
        @inline(__always)
        func yearMonthDay(_ year: Int, _ b: Int, _ c: Int) -> Double {
            guard year > 0 else { return .infinity }
            if DateMatcher.isValid(day: c, month: b, year: year) { return yearSpace(year) * 365 }
            if DateMatcher.isValid(day: b, month: c, year: year) { return yearSpace(year) * 365 * 4 }
            return .infinity
        }
    }

    /// A real calendar day: month 1…12, day within the month, Gregorian leap years.
    @inline(__always)
    static func isValid(day: Int, month: Int, year: Int) -> Bool {
        guard day >= 1, day <= 31, month >= 1, month <= 12 else { return false }
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return true
        }
    }
}
