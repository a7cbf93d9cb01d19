/// Finds keyboard walks: runs of characters typed on adjacent keys of one
/// layout (`qwerty`, `1qaz`, `#EDC`, `7896321` on the keypad).
///
/// Model (what a walk generator such as kwprocessor enumerates):
/// - Each next character must be on a key adjacent to the previous one.
///   The same key twice ends the walk: `qqww` is better explained by the
///   repeat matcher, and generators do not produce it either.
/// - Going on in the same direction is free; a change of direction (a turn)
///   costs the number of other directions available. Going back to the
///   direction of two steps ago while the walk alternates (`1q2w3e`,
///   `qawsed`, `qaqa`) is free too: after its first turn a zigzag is one
///   pattern, and walk generators emit it as one.
/// - Shift: none, all keys, Caps Lock (letters shifted, others not) or only
///   the first key are the usual variants (×2); any other mix pays for which
///   keys were shifted.
///
/// log10 guesses = prior(layout) + log10(directed adjacent key pairs)
///                + turns × log10(choices per turn)
///                + log10 C(L − 1, turns + 1) + shift variations,
/// where L is the walk's length: the start key with its first direction,
/// the direction at each turn, and where the turns fall in a walk of this
/// length or shorter (Σ over ℓ = 3…L of C(ℓ − 2, turns); L − 2 when
/// straight): the route count of a generator like kwprocessor, with every
/// shorter route tried first.
///
/// Linear time. One pass over the password finds the regions where two
/// consecutive steps are adjacent on some layout (for ASCII, a 128 × 128
/// table of layout bits), and only those regions are examined, only on
/// those layouts: a forward pass gives each character's key and each step's
/// direction, then each maximal walk is swept from its end back to its
/// start with running counts of turns and shifts, emitting for every start
/// the walk from there to the end, so every suffix of a walk is available.
/// At the walk's first key we also emit the walk less its last one or two
/// keys, so that a following word may take them (`asdfghjk|love`, where the
/// walk runs on into `lo`). That is at most one candidate per start and
/// layout plus two per walk; a window an earlier layout already gave as
/// cheaply is not repeated (`asdf` is the same walk on qwerty, qwertz and
/// azerty). Text without walks costs one table lookup per character.
enum KeyboardMatcher {
    static let minimumLength = 3

    static func match(_ text: PasswordText, environment: MatchEnvironment, into candidates: inout [Candidate]) {
        let n = text.count
        guard n >= minimumLength, text.lower.count == n else { return }
        let scalars = text.scalars, lower = text.lower
        let adjacency = KeyboardLayout.asciiAdjacency
        let layouts = KeyboardLayout.all
        let tables = GuessMath.tables
        guard adjacency.count == 128 * 128, layouts.count <= 8 else { return }
        let allLayouts = UInt8(truncatingIfNeeded: (1 << layouts.count) - 1)

        /// The layouts on which step i (character i to i + 1) may be adjacent.
        @inline(__always) func layoutsAdjacent(_ i: Int) -> UInt8 {
            let a = scalars[i], b = scalars[i + 1]
            if a < 128 && b < 128 { return adjacency[Int(a) &* 128 &+ Int(b)] }
            // Outside ASCII only Latin-1 characters (ü, é, ß, £ …) or ones
            // whose lower case is such a character can be on a layout.
            let possible = (a < 0x100 || lower[i] < 0x100) && (b < 0x100 || lower[i + 1] < 0x100)
            return possible ? allLayouts : 0
        }

        // Prefilter, one pass for all layouts: a walk of three keys needs two
        // consecutive steps adjacent on one layout. Regions are maximal runs
        // of steps adjacent on some layout; each is examined only on the
        // layouts that have two such steps in a row there. The buffers are
        // allocated at the first such region (most passwords have none).
        var codes: [UInt16] = []
        var steps: [UInt8] = []
        var emitted = Emitted(count: 0)
        var first = 0
        while first < n - 1 {
            var previous = layoutsAdjacent(first)
            if previous == 0 {
                first += 1
                continue
            }
            var wanted: UInt8 = 0
            var next = first + 1              // steps first ..< next are in the region
            while next < n - 1 {
                let mask = layoutsAdjacent(next)
                if mask == 0 { break }
                wanted |= previous & mask
                previous = mask
                next += 1
            }
            if wanted != 0 {
                if codes.isEmpty {
                    codes = [UInt16](repeating: KeyboardLayout.noKey, count: n)
                    steps = [UInt8](repeating: KeyboardLayout.notAdjacent, count: n)
                    emitted = Emitted(count: n)
                }
                for index in 0..<layouts.count where wanted & (1 << UInt8(index)) != 0 {
                    matchRegion(layouts[index], first, next + 1, scalars, lower, &codes, &steps, tables,
                                &emitted, &candidates)
                }
            }
            first = next + 1
        }
    }

    /// The candidates emitted so far from each start, so that a later layout
    /// does not repeat a window an earlier one gave as cheaply. Three slots
    /// per start suffice for the common overlaps (a start gets at most one
    /// maximal walk and two shortened ones per layout); when they are full a
    /// candidate is simply emitted.
    private struct Emitted {
        struct Entry {
            var end = -1
            var log10 = 0.0
        }
        var entries: [Entry]

        init(count n: Int) {
            entries = [Entry](repeating: Entry(), count: n * 3)
        }

        /// Records (start, stop, g); false when it repeats a window already
        /// emitted as cheaply.
        mutating func isNew(_ start: Int, _ stop: Int, _ g: Double) -> Bool {
            let base = start &* 3
            guard base >= 0, base + 3 <= entries.count else { return true }
            let e0 = entries[base].end, e1 = entries[base + 1].end, e2 = entries[base + 2].end
            let slot = e0 == stop || e0 < 0 ? base : (e1 == stop || e1 < 0 ? base + 1 : (e2 == stop || e2 < 0 ? base + 2 : -1))
            guard slot >= 0 else { return true }
            if entries[slot].end == stop && entries[slot].log10 <= g { return false }
            entries[slot] = Entry(end: stop, log10: g)
            return true
        }
    }

    /// Walks of one layout inside the characters `regionStart ..< regionEnd`.
    private static func matchRegion(_ layout: KeyboardLayout, _ regionStart: Int, _ regionEnd: Int,
                                    _ scalars: [UInt32], _ lower: [UInt32],
                                    _ codes: inout [UInt16], _ steps: inout [UInt8], _ tables: GuessMath.Tables,
                                    _ emitted: inout Emitted, _ candidates: inout [Candidate]) {
        let na = KeyboardLayout.notAdjacent
        let noKey = KeyboardLayout.noKey
        let ascii = layout.ascii, table = layout.directions, keyCount = layout.keyCount
        guard ascii.count == 128, table.count == keyCount * keyCount, regionStart >= 0,
              regionEnd <= scalars.count, regionEnd <= lower.count, regionEnd <= codes.count,
              regionEnd <= steps.count, regionEnd - regionStart >= minimumLength else { return }

        // Forward pass: key codes and step directions. Spans: bounds-checked
        // like arrays, without an array's uniqueness check on every write.
        var anyStep = false
        do {
            var codeOut = codes.mutableSpan
            var stepOut = steps.mutableSpan
            var previousKey = -1
            for i in regionStart..<regionEnd {
                let scalar = scalars[i]
                let c = scalar < 128 ? ascii[Int(scalar)] : layout.code(scalar, lower: lower[i])
                codeOut[i] = c
                let key = c == noKey ? -1 : Int(c >> 2)
                var d = na
                if previousKey >= 0, key >= 0, previousKey < keyCount, key < keyCount {
                    d = table[previousKey * keyCount + key]
                    if d != na { anyStep = true }
                }
                if i > regionStart { stepOut[i - 1] = d }
                previousKey = key
            }
            stepOut[regionEnd - 1] = na
        }
        guard anyStep else { return }

        // Each maximal walk [walkStart, walkEnd) in turn: steps
        // walkStart ..< walkEnd - 1 are all adjacent.
        let codeView = codes.span, stepView = steps.span
        var walkStart = regionStart
        while walkStart < regionEnd - 1 {
            if stepView[walkStart] == na {
                walkStart += 1
                continue
            }
            var walkEnd = walkStart + 1
            while stepView[walkEnd - 1] != na { walkEnd += 1 }   // steps[regionEnd - 1] == na stops it
            if walkEnd - walkStart >= minimumLength {
                emitWalk(layout, walkStart, walkEnd, codeView, stepView, tables, &emitted, &candidates)
            }
            walkStart = walkEnd
        }
    }

    /// Is step `s` a turn, judged within the walk starting at `from`? A
    /// change of direction is a turn unless it continues a zigzag: back to
    /// the direction of two steps ago, with the step before alternating too
    /// (or the walk starting there). Looks back at most three steps, so the
    /// flag is the same for every window starting at or before `s - 3`.
    @inline(__always)
    private static func isTurn(_ steps: Span<UInt8>, _ s: Int, from: Int) -> Bool {
        let d = steps[s], previous = steps[s - 1]
        guard d != previous else { return false }
        guard s >= from + 2, steps[s - 2] == d else { return true }
        return !(s == from + 2 || steps[s - 3] == previous)
    }

    private static func emitWalk(_ layout: KeyboardLayout, _ walkStart: Int, _ walkEnd: Int,
                                 _ codes: Span<UInt16>, _ steps: Span<UInt8>, _ t: GuessMath.Tables,
                                 _ emitted: inout Emitted, _ candidates: inout [Candidate]) {
        let base = layout.log10Prior + layout.log10Pairs, turnCost = layout.log10TurnChoices
        // One piece, updated per candidate: cheaper than building each anew.
        var piece = Candidate(pattern: .keyboard, start: walkStart, end: walkEnd, guessesLog10: 0,
                              source: KeyboardLayout.all.firstIndex { $0 === layout } ?? -1)

        func log10Guesses(length: Int, turns: Int, shifted: Int, capsBreaks: Int, firstShifted: Bool) -> Double {
            // Walks of 3 … L keys with this many turns: Σ C(ℓ − 2, turns) over
            // ℓ = C(L − 1, turns + 1), less 1 when straight (ℓ = 2).
            var g = base
            if turns > 0 {
                g += Double(turns) * turnCost + t.log10Binomial(length - 1, turns + 1)
            } else {
                g += t.log10(length - 2)
            }
            if shifted > 0 {
                g += shiftLog10(t, length: length, shifted: shifted, capsBreaks: capsBreaks, firstShifted: firstShifted)
            }
            return g
        }

        // Sweep starts from the end back: running counts over [start, walkEnd).
        // Turns at steps start+1 and start+2 are judged for the window alone;
        // from start+3 on the flags hold for any window, so they accumulate.
        var laterTurns = 0       // turns at steps start+3 … walkEnd-2
        var shifted = 0, capsBreaks = 0
        var start = walkEnd
        while start > walkStart {
            start -= 1
            let c = codes[start]
            if c & 1 != 0 { shifted += 1 }
            if (c & 1 != 0) != (c & 2 != 0) { capsBreaks += 1 }
            if start + 3 <= walkEnd - 2, isTurn(steps, start + 3, from: walkStart) { laterTurns += 1 }
            let length = walkEnd - start
            guard length >= minimumLength else { continue }
            var turns = laterTurns
            if isTurn(steps, start + 1, from: start) { turns += 1 }
            if start + 2 <= walkEnd - 2, isTurn(steps, start + 2, from: start) { turns += 1 }
            let g = log10Guesses(length: length, turns: turns, shifted: shifted, capsBreaks: capsBreaks,
                                 firstShifted: c & 1 != 0)
            guard emitted.isNew(start, walkEnd, g) else { continue }
            piece.start = start
            piece.end = walkEnd
            piece.guessesLog10 = g
            candidates.append(piece)
        }

        // The walk less its last one or two keys, from its first key.
        var stop = walkEnd - 1
        while stop >= walkStart + minimumLength && stop >= walkEnd - 2 {
            defer { stop -= 1 }
            var turns = 0, shifted = 0, capsBreaks = 0
            for s in (walkStart + 1)..<(stop - 1) where isTurn(steps, s, from: walkStart) { turns += 1 }
            for i in walkStart..<stop {
                let c = codes[i]
                if c & 1 != 0 { shifted += 1 }
                if (c & 1 != 0) != (c & 2 != 0) { capsBreaks += 1 }
            }
            let g = log10Guesses(length: stop - walkStart, turns: turns, shifted: shifted, capsBreaks: capsBreaks,
                                 firstShifted: codes[walkStart] & 1 != 0)
            guard emitted.isNew(walkStart, stop, g) else { continue }
            piece.start = walkStart
            piece.end = stop
            piece.guessesLog10 = g
            candidates.append(piece)
        }
    }

    /// log10 of the Shift variations an attacker must try to reach this one.
    static func shiftLog10(_ t: GuessMath.Tables, length: Int, shifted: Int, capsBreaks: Int,
                           firstShifted: Bool) -> Double {
        let unshifted = length - shifted
        if shifted <= 0 { return 0 }
        // All shifted, Caps Lock, or a capitalised first key: the common variants.
        if unshifted <= 0 || capsBreaks == 0 || (shifted == 1 && firstShifted) { return GuessMath.log10Of2 }
        // Otherwise: which keys were shifted, sum over i ≤ m of C(L, i) with
        // m the smaller side; bounded by m·C(L, m) and by 2^L (cheap, O(1)).
        let m = min(shifted, unshifted)
        let bound = t.log10Binomial(length, m) + t.log10(m)
        return min(bound, Double(length) * GuessMath.log10Of2) + GuessMath.log10Of2
    }
}
