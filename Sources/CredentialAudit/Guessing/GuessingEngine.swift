import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import PasswordPolicy
import Synchronization

/// Guesses the passwords behind salted and unsalted hashes, on every core,
/// candidates in order of likelihood: the user's context (john's single
/// mode), the built-in ranked lexicon with mangling rules, --wordlist files
/// with the same rules, then pwguard's own guess model. Stops per account at
/// the first hit; `GuessingOptions` bound the run.
///
/// Threads share work through `GuessScheduler` in jobs of about 0.1 s; each
/// has its own `HashScratch`, so the guessing loop takes no lock and
/// allocates nothing beyond what the hash library itself does.
public final class GuessingEngine {
    public let options: GuessingOptions

    public init(options: GuessingOptions) {
        self.options = options
    }

    /// The stages a run goes through, in order.
    var stages: [GuessMethod] {
        GuessMethod.allCases.filter { method in
            options.methods.contains(method) && (method != .wordlist || !options.wordlists.isEmpty)
        }
    }

    /// Guesses every target; returns one outcome per target, in order.
    /// Throws only before guessing starts (an unreadable --wordlist file).
    /// `progress` is called on the calling thread at most about four times
    /// a second.
    public func run(_ targets: [GuessTarget], progress: (@Sendable (GuessProgress) -> Void)?) throws -> [GuessOutcome] {
        let stages = self.stages
        let readers = try stages.contains(.wordlist) ? options.wordlists.map { try LineReader(path: $0) } : []
        let anyToGuess = targets.contains { $0.hash.canVerify }

        var shared: [GuessMethod: any CandidateStream] = [:]
        if anyToGuess {
            let needsLexicon = stages.contains(.lexicon) || stages.contains(.model)
            let lexicon = needsLexicon ? RankedWords.builtInLexicon : RankedWords([])
            if stages.contains(.lexicon) {
                shared[.lexicon] = RuleMergeStream(words: lexicon, rules: ManglingRule.wordRules, endWithFirstRule: true)
            }
            if stages.contains(.wordlist) {
                shared[.wordlist] = ConcatenatedStreams(readers.map {
                    RuleMergeStream(words: RankedWords(reader: $0), rules: ManglingRule.wordRules, endWithFirstRule: true)
                })
            }
            if stages.contains(.model) {
                shared[.model] = ModelCandidates(topWords: lexicon.prefix(2000))
            }
        }
        // The budget counts from here: building the streams (about 0.1 s in
        // a release build, more in a debug one) is not guessing.
        let start = GuessScheduler.now()
        let deadline = options.budgetSeconds.map { start + max(0, $0) }
        let scheduler = GuessScheduler(targets: targets, stages: stages, sharedStreams: shared,
                                       maxGuesses: options.maxGuesses, deadline: deadline)
        guard anyToGuess else { return scheduler.outcomes() }

        // Each thread signals `finished` as it ends; waiting for that with a
        // timeout is also the progress clock.
        let finished = DispatchSemaphore(value: 0)
        var threads: [pthread_t] = []
        for _ in 0..<max(1, options.threads) {
            guard let thread = GuessingThread.start({
                GuessingEngine.work(scheduler)
                finished.signal()
            }) else { break }
            threads.append(thread)
        }
        // No thread at all (the system refused every one): guess on this one.
        if threads.isEmpty { GuessingEngine.work(scheduler) }
        var running = threads.count
        var lastReport = start
        while running > 0 {
            if finished.wait(timeout: .now() + .milliseconds(250)) == .success { running -= 1 }
            guard let progress else { continue }
            let now = GuessScheduler.now()
            if now - lastReport >= 0.25 {
                lastReport = now
                progress(report(scheduler, total: targets.count, start: start, now: now, deadline: deadline))
            }
        }
        for thread in threads { pthread_join(thread, nil) }
        if let progress {
            progress(report(scheduler, total: targets.count, start: start, now: GuessScheduler.now(), deadline: deadline))
        }
        return scheduler.outcomes()
    }

    private func report(_ scheduler: GuessScheduler, total: Int, start: Double, now: Double,
                        deadline: Double?) -> GuessProgress {
        let (done, tried, left) = scheduler.counts()
        let elapsed = max(now - start, 1e-9)
        let rate = Double(tried) / elapsed
        var eta: Double?
        if let deadline { eta = max(0, deadline - now) }
        if options.maxGuesses != nil, rate > 0 {
            let byGuesses = Double(left) / rate
            eta = min(eta ?? byGuesses, byGuesses)
        }
        return GuessProgress(accountsDone: done, accountsTotal: total, guessesPerSecond: rate, elapsed: now - start,
                             etaSeconds: done == total ? 0 : eta)
    }

    /// One thread's loop: take a job, try its candidates, report, repeat.
    private static func work(_ scheduler: GuessScheduler) {
        let scratch = HashScratch()
        let deadline = scheduler.deadline
        while let job = scheduler.nextJob() {
            let hash = scheduler.targets[job.account].hash
            let flag = scheduler.found + job.account
            var tried = 0
            var hit: Int?
            var cut = false
            let started = GuessScheduler.now()
            for index in job.range {
                if flag.pointee.load(ordering: .relaxed) { break }
                if let deadline, GuessScheduler.now() >= deadline {
                    cut = true
                    break
                }
                tried += 1
                if job.block.withCandidate(index, { hash.verify($0, scratch: scratch) }) {
                    hit = index
                    break
                }
            }
            scheduler.complete(job, tried: tried, seconds: GuessScheduler.now() - started, hit: hit, cut: cut)
        }
    }
}

/// glibc's pthread_setname_np(3): a GNU extension, not in the Glibc module's headers.
@_silgen_name("pthread_setname_np") private func systemPthreadSetname(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32

/// The guessing threads: POSIX threads named "pwguard-guess" (as `top -H`
/// and debuggers show them), each running one closure.
private enum GuessingThread {
    /// The closure a thread runs, passed through pthread_create's context pointer.
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts a joinable thread running `body`; nil when the system refuses one.
    static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            _ = systemPthreadSetname(pthread_self(), "pwguard-guess")
            body.run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

/// Several streams one after the other (the --wordlist files, in order).
struct ConcatenatedStreams: CandidateStream {
    private var streams: [any CandidateStream]
    private var current = 0

    init(_ streams: [any CandidateStream]) { self.streams = streams }

    mutating func fill(_ builder: inout CandidateBlockBuilder) -> Bool {
        while current < streams.count {
            if streams[current].fill(&builder) { return true }
            current += 1
        }
        return false
    }
}
