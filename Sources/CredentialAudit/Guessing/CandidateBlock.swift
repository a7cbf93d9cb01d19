/// A batch of candidates in one flat byte buffer: what a generator hands the
/// scheduler and the scheduler hands threads, a slice at a time. Immutable
/// once built, so threads share it without locks; reading a candidate
/// borrows its bytes, so the guessing loop allocates nothing.
final class CandidateBlock: @unchecked Sendable {
    /// Candidates per full block.
    static let capacity = 256

    private var bytes: [UInt8]
    /// `ends[i]` is where candidate i ends in `bytes`; it starts at `ends[i - 1]` (or 0).
    private let ends: [Int]
    /// Estimated guesses for each candidate (how far down a likelihood
    /// ranking it sits); non-decreasing within a stream.
    let scores: [Double]

    init(bytes: [UInt8], ends: [Int], scores: [Double]) {
        self.bytes = bytes
        self.ends = ends
        self.scores = scores
    }

    var count: Int { ends.count }

    /// Calls `body` with candidate `index`'s bytes (valid only inside `body`).
    @inline(__always)
    func withCandidate<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        let end = ends[index]
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// A copy of candidate `index` (for a hit).
    func candidate(_ index: Int) -> [UInt8] {
        withCandidate(index) { Array($0) }
    }

    deinit {
        // Candidates are password guesses: do not leave them in freed memory.
        bytes.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// Collects candidates for one `CandidateBlock`.
struct CandidateBlockBuilder {
    /// Longest candidate kept: libxcrypt refuses longer passphrases, and
    /// john stops far shorter.
    static let maxLength = 512

    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private(set) var scores: [Double] = []

    init() {
        bytes.reserveCapacity(CandidateBlock.capacity * 16)
        ends.reserveCapacity(CandidateBlock.capacity)
        scores.reserveCapacity(CandidateBlock.capacity)
    }

    var count: Int { ends.count }
    var isFull: Bool { ends.count >= CandidateBlock.capacity }

    /// Starts a candidate; add bytes with `append`, then `commit` or `discard`.
    var pendingStart: Int { ends.last ?? 0 }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(contentsOf part: some Collection<UInt8>) { bytes.append(contentsOf: part) }

    /// Length of the candidate being built.
    var pendingLength: Int { bytes.count - pendingStart }

    /// The bytes of the candidate being built.
    var pending: ArraySlice<UInt8> { bytes[pendingStart...] }

    /// Keeps the candidate being built, unless it is too long, with its
    /// estimated guesses.
    mutating func commit(score: Double) {
        if pendingLength > CandidateBlockBuilder.maxLength { discard(); return }
        ends.append(bytes.count)
        scores.append(score)
    }

    /// Drops the candidate being built.
    mutating func discard() {
        bytes.removeSubrange(pendingStart...)
    }

    /// Adds one finished candidate.
    mutating func add(_ candidate: some Collection<UInt8>, score: Double) {
        bytes.append(contentsOf: candidate)
        commit(score: score)
    }

    /// The block, and a fresh builder.
    mutating func finish() -> CandidateBlock {
        let block = CandidateBlock(bytes: bytes, ends: ends, scores: scores)
        self = CandidateBlockBuilder()
        return block
    }
}

/// A generator of candidates in decreasing likelihood, each with its
/// estimated guesses (a score on one scale for every stream, so the
/// scheduler can interleave streams: about "the rank this candidate would
/// have in one list of everything people choose").
protocol CandidateStream {
    /// Adds candidates to `builder` until it is full; returns false once the
    /// stream has nothing more (then `builder` may be partly filled).
    mutating func fill(_ builder: inout CandidateBlockBuilder) -> Bool
}
