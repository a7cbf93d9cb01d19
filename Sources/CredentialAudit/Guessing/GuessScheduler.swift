#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Hands out work to the guessing threads and collects what they found.
///
/// Every account reads each stage's candidates at its own position: its
/// user-context stage (generated for it alone) and the shared stages
/// (lexicon, word lists, model: generated once, in blocks, for everyone).
/// Every candidate carries a score, its estimated guesses; an account's next
/// candidates come from whichever of its stages has the lowest score next,
/// so the stages run in order of likelihood: the login as typed and "123456"
/// come before "Smith1953!" and the lexicon's 50,000th word. Each stage
/// still runs in its own order and to its own end, which is what
/// `stagesCompleted` reports.
///
/// A job is a slice of one block for one account, sized to about
/// `jobSeconds` of hashing, so the lock is taken twice per job, never per
/// guess, and two threads can share one account (one salted hash left still
/// keeps every core busy).
///
/// Which account goes next: the one whose next candidate has the least
/// `score × cost`, cost being its measured seconds per guess: the most
/// likely hit per second of work. Accounts with equal costs move in
/// lockstep (the top candidates for everyone first, as john tries each word
/// on every salt); cheaper hashes get further.
final class GuessScheduler: @unchecked Sendable {
    struct Job {
        let account: Int
        let stage: Int
        let block: CandidateBlock
        let range: Range<Int>
    }

    /// About this much hashing per job: short enough for a fair share and a
    /// quick stop, long enough that the lock is rare.
    static let jobSeconds = 0.1

    let stages: [GuessMethod]
    let targets: [GuessTarget]
    let maxGuesses: Int?
    /// Monotonic seconds (see `GuessScheduler.now`) at which guessing stops.
    let deadline: Double?

    /// Set when an account is found: threads poll it between guesses.
    let found: UnsafeMutablePointer<Atomic<Bool>>

    /// Guards `accounts` and `shared`: every method that reads or changes
    /// them runs under it.
    private let lock = Mutex(())
    private var accounts: [AccountState]
    private var shared: [SharedStage?]

    /// Where an account's next candidate is.
    private struct Head {
        let stage: Int
        let block: CandidateBlock
        let offset: Int
        var score: Double { block.scores[offset] }
    }

    private struct AccountState {
        var active: Bool
        /// Next position in each stage.
        var positions: [Int]
        /// Stage ran out of candidates for this account.
        var reachedEnd: [Bool]
        /// Some candidates of the stage were never tried (budget, hit).
        var cut: [Bool]
        var head: Head?
        var handed = 0
        var tried = 0
        var secondsPerGuess: Double?
        var password: [UInt8]?
        var method: GuessMethod?
        var context: ContextCandidates?
        var contextBlock: CandidateBlock?
        var contextBlockStart = 0
        var contextExhausted = false
    }

    /// A stage every account reads: its blocks, generated on demand, and
    /// dropped once every account has passed them.
    private final class SharedStage {
        var stream: any CandidateStream
        var blocks: [CandidateBlock] = []
        /// Block number of `blocks[0]`.
        var base = 0
        var exhausted = false
        /// Candidates in the stage, once known.
        var total: Int?

        init(_ stream: any CandidateStream) { self.stream = stream }
    }

    init(targets: [GuessTarget], stages: [GuessMethod], sharedStreams: [GuessMethod: any CandidateStream],
         maxGuesses: Int?, deadline: Double?) {
        self.targets = targets
        self.stages = stages
        self.maxGuesses = maxGuesses
        self.deadline = deadline
        accounts = targets.map { target in
            AccountState(active: target.hash.canVerify && !stages.isEmpty,
                         positions: [Int](repeating: 0, count: stages.count),
                         reachedEnd: [Bool](repeating: false, count: stages.count),
                         cut: [Bool](repeating: false, count: stages.count))
        }
        shared = stages.map { stage in sharedStreams[stage].map { SharedStage($0) } }
        found = .allocate(capacity: max(targets.count, 1))
        for index in 0..<max(targets.count, 1) { (found + index).initialize(to: Atomic(false)) }
    }

    deinit {
        found.deinitialize(count: max(targets.count, 1))
        found.deallocate()
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    // MARK: Handing out work

    /// The next job, or nil when there is nothing left to do (every account
    /// found, finished or capped, or the budget spent).
    func nextJob() -> Job? {
        lock.withLock { _ in
            if let deadline, GuessScheduler.now() >= deadline { return nil }
            var costSum = 0.0, costCount = 0
            for account in accounts { if let cost = account.secondsPerGuess { costSum += cost; costCount += 1 } }
            let defaultCost = costCount == 0 ? 1e-3 : costSum / Double(costCount)
            var best = -1
            var bestKey = Double.infinity
            for index in accounts.indices where accounts[index].active {
                if accounts[index].head == nil {
                    accounts[index].head = findHead(index)
                    if accounts[index].head == nil {
                        accounts[index].active = false
                        continue
                    }
                }
                guard let head = accounts[index].head else { continue }
                let key = head.score * (accounts[index].secondsPerGuess ?? defaultCost)
                if key < bestKey {
                    bestKey = key
                    best = index
                }
            }
            guard best >= 0, let head = accounts[best].head else { return nil }
            let cost = accounts[best].secondsPerGuess ?? defaultCost
            var count = max(1, min(Int(GuessScheduler.jobSeconds / max(cost, 1e-9)), CandidateBlock.capacity))
            count = min(count, head.block.count - head.offset)
            if let maxGuesses { count = min(count, maxGuesses - accounts[best].handed) }
            accounts[best].positions[head.stage] += count
            accounts[best].handed += count
            accounts[best].head = nil
            if let maxGuesses, accounts[best].handed >= maxGuesses { accounts[best].active = false }
            if atEnd(best, stage: head.stage) { accounts[best].reachedEnd[head.stage] = true }
            return Job(account: best, stage: head.stage, block: head.block, range: head.offset..<(head.offset + count))
        }
    }

    /// The account's next candidate: the lowest-scored among its stages'
    /// next ones. Marks stages that have run out; nil when all have.
    private func findHead(_ index: Int) -> Head? {
        var best: Head?
        for stage in stages.indices where !accounts[index].reachedEnd[stage] {
            guard let (block, offset) = block(for: index, stage: stage, position: accounts[index].positions[stage])
            else {
                accounts[index].reachedEnd[stage] = true
                if shared[stage] == nil {
                    accounts[index].context = nil
                    accounts[index].contextBlock = nil
                }
                continue
            }
            let head = Head(stage: stage, block: block, offset: offset)
            if best.map({ head.score < $0.score }) ?? true { best = head }
        }
        return best
    }

    /// Whether the account's position in `stage` is the stage's known end.
    private func atEnd(_ index: Int, stage: Int) -> Bool {
        let position = accounts[index].positions[stage]
        if let sharedStage = shared[stage] { return sharedStage.total == position }
        let account = accounts[index]
        return account.contextExhausted && position == account.contextBlockStart + (account.contextBlock?.count ?? 0)
    }

    /// The block holding `position` of `stage` for account `index`, and the
    /// offset in it; nil past the stage's end.
    private func block(for index: Int, stage: Int, position: Int) -> (CandidateBlock, Int)? {
        guard let sharedStage = shared[stage] else {
            return contextBlock(for: index, position: position)
        }
        let number = position / CandidateBlock.capacity
        while number >= sharedStage.base + sharedStage.blocks.count {
            guard !sharedStage.exhausted else { return nil }
            var builder = CandidateBlockBuilder()
            if !sharedStage.stream.fill(&builder) {
                sharedStage.exhausted = true
                sharedStage.total = (sharedStage.base + sharedStage.blocks.count) * CandidateBlock.capacity + builder.count
            }
            if builder.count > 0 { sharedStage.blocks.append(builder.finish()) }
            dropPassedBlocks(stage)
        }
        guard number >= sharedStage.base else { return nil }   // never dropped while needed
        let block = sharedStage.blocks[number - sharedStage.base]
        let offset = position - number * CandidateBlock.capacity
        return offset < block.count ? (block, offset) : nil
    }

    /// Frees the blocks of `stage` that no account will read again.
    private func dropPassedBlocks(_ stage: Int) {
        guard let sharedStage = shared[stage], sharedStage.blocks.count > 64 else { return }
        var lowest = Int.max
        for account in accounts where account.active && !account.reachedEnd[stage] {
            lowest = min(lowest, account.positions[stage])
        }
        let keepFrom = lowest == Int.max ? sharedStage.base + sharedStage.blocks.count - 1
                                         : lowest / CandidateBlock.capacity
        let drop = min(max(0, keepFrom - sharedStage.base), sharedStage.blocks.count - 1)
        if drop > 0 {
            sharedStage.blocks.removeFirst(drop)
            sharedStage.base += drop
        }
    }

    /// The account's own context block at `position`, generating the next
    /// block when the current one is used up.
    private func contextBlock(for index: Int, position: Int) -> (CandidateBlock, Int)? {
        if let block = accounts[index].contextBlock, position < accounts[index].contextBlockStart + block.count {
            return (block, position - accounts[index].contextBlockStart)
        }
        guard !accounts[index].contextExhausted else { return nil }
        var stream = accounts[index].context ?? ContextCandidates(targets[index])
        var builder = CandidateBlockBuilder()
        if !stream.fill(&builder) { accounts[index].contextExhausted = true }
        accounts[index].context = stream
        guard builder.count > 0 else { return nil }
        accounts[index].contextBlock = builder.finish()
        accounts[index].contextBlockStart = position
        return accounts[index].contextBlock.map { ($0, 0) }
    }

    // MARK: Collecting results

    /// Records a finished job: `tried` candidates in `seconds`, `hit` the
    /// index in the block of the password, `cut` when it stopped early for
    /// the budget.
    func complete(_ job: Job, tried: Int, seconds: Double, hit: Int?, cut: Bool) {
        lock.withLock { _ in
            let index = job.account
            accounts[index].tried += tried
            if tried > 0 {
                let measured = seconds / Double(tried)
                accounts[index].secondsPerGuess = accounts[index].secondsPerGuess.map { $0 * 0.7 + measured * 0.3 } ?? measured
            }
            if cut { accounts[index].cut[job.stage] = true }
            if let hit, accounts[index].password == nil {
                accounts[index].password = job.block.candidate(hit)
                accounts[index].method = stages[job.stage]
                accounts[index].active = false
                accounts[index].head = nil
                accounts[index].context = nil
                accounts[index].contextBlock = nil
                accounts[index].cut[job.stage] = true
                found[index].store(true, ordering: .relaxed)
            }
        }
    }

    /// Accounts done (found, finished or capped); candidates tried in all;
    /// candidates still allowed under --max-guesses.
    func counts() -> (done: Int, tried: Int, untriedUnderCap: Int) {
        lock.withLock { _ in
            var done = 0, tried = 0, left = 0
            for account in accounts {
                if !account.active { done += 1 } else if let maxGuesses { left += max(0, maxGuesses - account.tried) }
                tried += account.tried
            }
            return (done, tried, left)
        }
    }

    /// The outcome of every target, in order. Call after the threads ended.
    func outcomes() -> [GuessOutcome] {
        lock.withLock { _ in
            return zip(targets, accounts).map { target, account in
                let completed = stages.indices.filter { account.reachedEnd[$0] && !account.cut[$0] }.map { stages[$0] }
                return GuessOutcome(id: target.id, password: account.password, method: account.method,
                                    guessesTried: account.tried, stagesCompleted: completed,
                                    exhausted: target.hash.canVerify && account.password == nil
                                        && completed.count == stages.count)
            }
        }
    }
}
