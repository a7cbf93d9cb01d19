/// Joins keyboard walks typed one after another into one multi-stroke walk
/// (`1qaz2wsx3edc`, `CDE#VFR$BGT%`, `8ik,9ol.0p;/`), as walk generators
/// (kwprocessor's routes) enumerate them.
///
/// The first stroke costs what it costs alone. Each further stroke starts
/// near the previous one, so instead of "any key in any direction" it costs
/// a nearby start and a direction; a stroke of the same length and cost as
/// the one before (a parallel stroke) costs only the choice of offset. The
/// joined candidate pays no per-piece overhead between its strokes.
enum KeyboardChains {
    /// Strokes joined at most; bounds the work to O(n · maximumStrokes).
    static let maximumStrokes = 8
    /// A nearby start key (about 8 neighbours) and a first direction (about 3 likely).
    static let log10NearbyStart = GuessMath.log10(24.0)
    /// A parallel stroke: only which neighbouring key it starts on.
    static let log10ParallelStroke = GuessMath.log10(8.0)

    /// log10 of each layout's directed key pairs: the start-and-direction part
    /// of a stroke's cost, which a stroke near the previous one does not pay.
    static let log10Pairs = KeyboardLayout.all.map(\.log10Pairs)

    static func match(_ candidates: inout [Candidate], length n: Int) {
        guard candidates.lazy.filter({ $0.pattern == .keyboard }).prefix(2).count == 2 else { return }
        var strokesByStart = [[Int]](repeating: [], count: n + 1)
        for (index, c) in candidates.enumerated()
        where c.pattern == .keyboard && c.start >= 0 && c.start < c.end && c.end <= n {
            strokesByStart[c.start].append(index)
        }
        let pairs = log10Pairs
        var joined: [Candidate] = []
        for first in strokesByStart.joined() {
            let head = candidates[first]
            let layout = head.source
            guard layout >= 0 else { continue }
            var previous = head
            var total = head.guessesLog10
            var strokes = 1
            while strokes < maximumStrokes, previous.end <= n {
                // The cheapest stroke of the same layout starting where this one ends.
                var next: Candidate?
                for index in strokesByStart[previous.end] where candidates[index].source == layout {
                    if next.map({ candidates[index].end > $0.end }) ?? true { next = candidates[index] }
                }
                guard let stroke = next else { break }
                let parallel = stroke.end - stroke.start == previous.end - previous.start
                    && abs(stroke.guessesLog10 - previous.guessesLog10) < 0.01
                let alone = stroke.guessesLog10 - (Int(layout) < pairs.count ? pairs[Int(layout)] : 0) + log10NearbyStart
                total += parallel ? min(log10ParallelStroke, alone) : max(alone, log10ParallelStroke)
                strokes += 1
                previous = stroke
                var chain = head
                chain.end = stroke.end
                chain.guessesLog10 = total
                joined.append(chain)
            }
        }
        candidates.append(contentsOf: joined)
    }
}
