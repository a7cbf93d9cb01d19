import Foundation
import Synchronization

/// Hands out work to the guessing threads and collects what they found.
///
/// Every account has one sequence of candidates: its user-context stage,
/// then the shared stages (lexicon, word lists, model), which are generated
/// once in blocks and read by every account at its own position. A job is a
/// slice of one block for one account, sized to about `jobSeconds` of
/// hashing, so the lock is taken twice per job, never per guess, and two
/// threads can work on the same account (one salted hash left still keeps
/// every core busy).
///
/// Which account goes next: the one with the least `(position + 1) × cost`,
/// where cost is its measured seconds per guess. Candidates further down a
/// sequence are less likely to be the password, and a dear hash pays more
/// for each, so this spends the time where a hit is most likely per second:
/// accounts with equal costs move in lockstep (the top candidates for
/// everyone first, as john tries each word on every salt), cheaper hashes
/// get further.
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

    private let lock = NSLock()
    private var accounts: [AccountState]
    private var shared: [SharedStage?]

    private struct AccountState {
        var active: Bool
        var stage = 0
        /// Next position within the current stage.
        var position = 0
        var handed = 0
        var tried = 0
        var secondsPerGuess: Double?
        var reachedEnd: [Bool]
        var cut: [Bool]
        var password: [UInt8]?
        var method: GuessMethod?
        var context: ContextCandidates?
        var contextBlock: CandidateBlock?
        var contextBlockStart = 0
        var contextExhausted = false
        var finished = false
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
        lock.lock()
        defer { lock.unlock() }
        if let deadline, GuessScheduler.now() >= deadline { return nil }
        let knownCosts = accounts.compactMap(\.secondsPerGuess)
        let defaultCost = knownCosts.isEmpty ? 1e-3 : knownCosts.reduce(0, +) / Double(knownCosts.count)
        while true {
            var best = -1
            var bestKey = Double.infinity
            for (index, account) in accounts.enumerated() where account.active {
                let key = Double(account.handed + 1) * (account.secondsPerGuess ?? defaultCost)
                if key < bestKey {
                    bestKey = key
                    best = index
                }
            }
            guard best >= 0 else { return nil }
            if let job = job(for: best, cost: accounts[best].secondsPerGuess ?? defaultCost) { return job }
        }
    }

    /// A job for `index`, or nil after marking the account done (finished or capped).
    private func job(for index: Int, cost: Double) -> Job? {
        while accounts[index].stage < stages.count {
            var remaining = CandidateBlock.capacity
            if let maxGuesses {
                remaining = maxGuesses - accounts[index].handed
                if remaining <= 0 {
                    accounts[index].active = false
                    return nil
                }
            }
            let stage = accounts[index].stage
            let position = accounts[index].position
            guard let (block, offset) = block(for: index, stage: stage, position: position) else {
                accounts[index].reachedEnd[stage] = true
                accounts[index].stage += 1
                accounts[index].position = 0
                accounts[index].context = nil
                accounts[index].contextBlock = nil
                continue
            }
            let size = max(1, min(Int(GuessScheduler.jobSeconds / max(cost, 1e-9)), CandidateBlock.capacity))
            let count = min(size, block.count - offset, remaining)
            accounts[index].position += count
            accounts[index].handed += count
            if atEnd(index, stage: stage, position: accounts[index].position) {
                accounts[index].reachedEnd[stage] = true
            }
            return Job(account: index, stage: stage, block: block, range: offset..<(offset + count))
        }
        accounts[index].active = false
        accounts[index].finished = true
        return nil
    }

    /// Whether `position` is the known end of the stage.
    private func atEnd(_ index: Int, stage: Int, position: Int) -> Bool {
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
        for account in accounts where account.active {
            let position = account.stage < stage ? 0 : account.stage == stage ? account.position : Int.max
            lowest = min(lowest, position)
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
        lock.lock()
        defer { lock.unlock() }
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
            accounts[index].cut[job.stage] = true
            found[index].store(true, ordering: .relaxed)
        }
    }

    /// Accounts found, finished or capped; candidates tried in all.
    func counts() -> (done: Int, tried: Int, untriedUnderCap: Int) {
        lock.lock()
        defer { lock.unlock() }
        var done = 0, tried = 0, left = 0
        for account in accounts {
            if !account.active { done += 1 } else if let maxGuesses { left += max(0, maxGuesses - account.tried) }
            tried += account.tried
        }
        return (done, tried, left)
    }

    /// The outcome of every target, in order. Call after the threads ended.
    func outcomes() -> [GuessOutcome] {
        lock.lock()
        defer { lock.unlock() }
        return zip(targets, accounts).map { target, account in
            let completed = stages.indices.filter { account.reachedEnd[$0] && !account.cut[$0] }.map { stages[$0] }
            return GuessOutcome(id: target.id, password: account.password, method: account.method,
                                guessesTried: account.tried, stagesCompleted: completed,
                                exhausted: target.hash.canVerify && account.password == nil
                                    && completed.count == stages.count)
        }
    }
}
