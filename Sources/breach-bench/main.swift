// breach-bench: the breached-password database side by side with a binary
// search over Have I Been Pwned's sorted text, on a generated set.
//
//   breach-bench [--entries N] [--out DIR] [--pwguard PATH] [--queries N]
//                [--cold N] [--fp-queries N] [--keep] [--skip-baseline]
//
// Steps: generate N sorted `SHA1:COUNT` lines (random hashes, Zipf-like
// counts: a third 1, ~20% ≥ 10, ~3.5% ≥ 100), build the database with
// `pwguard breach build` under /usr/bin/time -v (rate, peak memory), then
// measure both structures: size, resident memory added by opening, lookup
// latency cold (file evicted from the page cache before each lookup) and
// cached, and false positives on random non-members. Writes a Markdown
// report to DIR/breach-report.md and stdout. The text file (~46 bytes per
// entry) is deleted at the end unless --keep.
import Foundation
import PasswordPolicy
#if canImport(Glibc)
import Glibc
#endif

// MARK: Options

struct Options {
    var entries = 100_000_000
    var out = "bench/out/breach"
    var pwguard = ".build/release/pwguard"
    var queries = 200_000
    var cold = 300
    var fpQueries = 10_000_000
    var keep = false
    var skipBaseline = false
    var reuse = false
    /// Entries of the unsorted input for the external-sort build (0: skip).
    var unsortedEntries = 30_000_000
    /// Diagnostics: only time hot lookups on an existing database (for perf).
    var hotOnly = false
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let next = arguments.popFirst() else { fail("\(name) needs a value") }
        return next
    }
    func number(_ name: String) -> Int {
        let text = value(name).replacingOccurrences(of: "_", with: "")
        if let plain = Int(text) { return plain }
        if let scientific = Double(text), scientific >= 0, scientific < 1e15 { return Int(scientific) }
        fail("\(name) needs a number")
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--entries": options.entries = number(argument)
        case "--out": options.out = value(argument)
        case "--pwguard": options.pwguard = value(argument)
        case "--queries": options.queries = number(argument)
        case "--cold": options.cold = number(argument)
        case "--fp-queries": options.fpQueries = number(argument)
        case "--unsorted-entries": options.unsortedEntries = number(argument)
        case "--keep": options.keep = true
        case "--reuse": options.reuse = true
        case "--skip-baseline": options.skipBaseline = true
        case "--hot-only": options.hotOnly = true
        case "-h", "--help":
            print("usage: breach-bench [--entries N] [--unsorted-entries N] [--out DIR] [--pwguard PATH] "
                  + "[--queries N] [--cold N] [--fp-queries N] [--keep] [--reuse] [--skip-baseline]")
            exit(0)
        default: fail("unknown argument \(argument)")
        }
    }
    return options
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("breach-bench: \(message)\n".utf8))
    exit(2)
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("[breach-bench] \(message)\n".utf8))
}

// MARK: Random numbers

/// SplitMix64: small, fast, and good enough to spread synthetic hashes.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in (0, 1].
    mutating func unit() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992.0 }
}

/// A third of the counts are 1; the rest follow P(count ≥ c) = (c/2)^-0.748,
/// which gives ~20% at 10 or more and ~3.5% at 100 or more, as in the real list.
func syntheticCount(_ random: inout SplitMix) -> UInt64 {
    if random.next() % 3 == 0 { return 1 }
    let value = 2 * pow(random.unit(), -1 / 0.748)
    return UInt64(min(value, 50_000_000))
}

// MARK: Generation

struct Generated {
    var path: String
    var bytes: UInt64
    /// Every k-th hash, for member lookups.
    var members: [[UInt8]]
}

/// Writes `entries` sorted lines. Sorted without sorting: the first 64 bits
/// are the normalised running sums of N+1 exponential gaps, which are
/// distributed as N sorted uniform values; the other 96 bits are random.
/// (A first pass with the same seed adds up the gaps.)
func generate(entries: Int, path: String, memberSamples: Int) -> Generated {
    guard let file = fopen(path, "w") else { fail("cannot create \(path)") }
    defer { fclose(file) }
    var gaps = SplitMix(state: 20_261_130)
    var total = 0.0
    for _ in 0...entries { total += -log(gaps.unit()) }
    gaps = SplitMix(state: 20_261_130)
    var random = SplitMix(state: 20_261_129)
    let scale = 18_446_744_073_709_551_616.0 / total
    var position = 0.0
    var high: UInt64 = 0
    let hex = Array("0123456789ABCDEF".utf8)
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 22)
    var bytes: UInt64 = 0
    let stride = max(1, entries / max(memberSamples, 1))
    var members: [[UInt8]] = []
    var line = [UInt8](repeating: 0, count: 64)
    for index in 0..<entries {
        position += -log(gaps.unit())
        let scaled = position * scale
        var next = scaled >= 18_446_744_073_709_549_568.0 ? UInt64.max - UInt64(entries - index) : UInt64(scaled)
        if next <= high && index > 0 { next = high &+ 1 }
        high = next
        let middle = random.next()
        let low = UInt32(truncatingIfNeeded: random.next())
        var digest = [UInt8](repeating: 0, count: 20)
        for byte in 0..<8 { digest[byte] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * byte)) }
        for byte in 0..<8 { digest[8 + byte] = UInt8(truncatingIfNeeded: middle >> UInt64(56 - 8 * byte)) }
        for byte in 0..<4 { digest[16 + byte] = UInt8(truncatingIfNeeded: low >> UInt32(24 - 8 * byte)) }
        if index % stride == 0 { members.append(digest) }
        var length = 0
        for byte in digest {
            line[length] = hex[Int(byte >> 4)]
            line[length + 1] = hex[Int(byte & 15)]
            length += 2
        }
        line[length] = UInt8(ascii: ":")
        length += 1
        let count = String(syntheticCount(&random)).utf8
        for digit in count { line[length] = digit; length += 1 }
        line[length] = 0x0A
        length += 1
        buffer.append(contentsOf: line[0..<length])
        bytes += UInt64(length)
        if buffer.count >= (1 << 22) - 128 {
            fwrite(buffer, 1, buffer.count, file)
            buffer.removeAll(keepingCapacity: true)
        }
        if index % 10_000_000 == 9_999_999 { log("generated \(index + 1) lines") }
    }
    fwrite(buffer, 1, buffer.count, file)
    return Generated(path: path, bytes: bytes, members: members)
}

/// Writes `entries` lines of random hashes in random order: input the
/// builder must sort externally.
func generateUnsorted(entries: Int, path: String) -> UInt64 {
    guard let file = fopen(path, "w") else { fail("cannot create \(path)") }
    defer { fclose(file) }
    var random = SplitMix(state: 20_261_131)
    let hex = Array("0123456789ABCDEF".utf8)
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 22)
    var bytes: UInt64 = 0
    for _ in 0..<entries {
        for _ in 0..<2 {
            let word = random.next()
            for shift in stride(from: 60, through: 0, by: -4) { buffer.append(hex[Int((word >> UInt64(shift)) & 15)]) }
        }
        let last = random.next()
        for shift in stride(from: 28, through: 0, by: -4) { buffer.append(hex[Int((last >> UInt64(shift)) & 15)]) }
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: String(syntheticCount(&random)).utf8)
        buffer.append(0x0A)
        if buffer.count >= (1 << 22) - 128 {
            bytes += UInt64(buffer.count)
            fwrite(buffer, 1, buffer.count, file)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    bytes += UInt64(buffer.count)
    fwrite(buffer, 1, buffer.count, file)
    return bytes
}

// MARK: Measuring

func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Resident memory of this process in KiB (from /proc/self/statm).
func residentKiB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

func majorFaults() -> Int {
    var usage = rusage()
    getrusage(0, &usage)  // RUSAGE_SELF
    return usage.ru_majflt
}

/// Bytes this process caused to be read from storage (/proc/self/io).
func storageReadBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("read_bytes:") {
        return Int(line.split(separator: " ").last ?? "0") ?? 0
    }
    return 0
}

/// Drops a file's pages from the page cache (it must not be mapped).
func evict(_ path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return }
    fdatasync(fd)
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
    close(fd)
}

/// Reads a whole file so that it is in the page cache.
func warm(_ path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
}

struct Latency {
    var samples: [Double]  // microseconds
    var median: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var mean: Double { samples.isEmpty ? 0 : samples.reduce(0, +) / Double(samples.count) }
    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))
        return sorted[index]
    }
}

func format(_ value: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", value) }

// MARK: Baseline: binary search over the sorted text

/// What most offline checkers do: binary search by byte offset over the
/// sorted `HASH:COUNT` text with pread, one probe per step.
final class TextSearch {
    let fd: Int32
    let size: Int
    private var buffer = [UInt8](repeating: 0, count: 256)
    var probes = 0

    init?(path: String) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var status = stat()
        fstat(fd, &status)
        size = Int(status.st_size)
        posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM)
    }

    deinit { close(fd) }

    /// The first line starting at or after `position`: its start, its
    /// 40 hex digits, its count.
    private func line(atOrAfter position: Int) -> (start: Int, hex: ArraySlice<UInt8>, count: UInt64)? {
        probes += 1
        let from = max(position - 1, 0)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 200, off_t(from)) }
        guard got > 0 else { return nil }
        var start = 0
        if position > 0 {
            guard let newline = buffer[0..<got].firstIndex(of: 0x0A) else { return nil }
            start = newline + 1
        }
        guard start + 41 <= got else { return nil }
        var count: UInt64 = 0
        var index = start + 41
        while index < got, buffer[index] != 0x0A {
            count = count * 10 + UInt64(buffer[index] &- 48)
            index += 1
        }
        return (from + start, buffer[start..<(start + 40)], count)
    }

    func lookup(hex target: [UInt8]) -> UInt64? {
        var low = 0
        var high = size
        while low < high {
            let middle = (low + high) / 2
            guard let found = line(atOrAfter: middle), found.start < high else {
                high = middle
                continue
            }
            if found.hex.lexicographicallyPrecedes(target) {
                low = found.start + 1
            } else if found.hex.elementsEqual(target) {
                return found.count
            } else {
                high = middle
            }
        }
        return nil
    }
}

// MARK: Main

/// The whole run; locals rather than globals keep Swift 6's isolation checks quiet.
func runBenchmark() throws {
    let options = parseOptions()
    try? FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
    let textPath = options.out + "/pwned-sorted.txt"
    let dbPath = options.out + "/pwned.pwgdb"
    guard FileManager.default.isExecutableFile(atPath: options.pwguard) else {
        fail("\(options.pwguard) not found: build it first (swift build -c release --product pwguard)")
    }

    var report: [String] = []
    func section(_ title: String) { report.append(""); report.append("## \(title)"); report.append("") }
    func row(_ cells: [String]) { report.append("| " + cells.joined(separator: " | ") + " |") }

    report.append("# Breached-password database benchmark")
    report.append("")
    let machine = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
        .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    report.append("\(options.entries) entries (generated: random SHA-1 hashes, Zipf-like counts), \(machine), "
                  + "\(ProcessInfo.processInfo.activeProcessorCount) cores, release build. "
                  + "Command: `breach-bench --entries \(options.entries)`.")

    if options.hotOnly {
        let db = try BreachDatabase.open(path: dbPath, access: .mapped)
        var random = SplitMix(state: 7)
        let hashes = (0..<options.queries).map { _ in (0..<20).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        var samples: [Double] = []
        for round in 0..<20 {
            for hash in hashes {
                let start = now()
                _ = try db.lookup(hash: hash)
                if round > 0 { samples.append(Double(now() - start) / 1000) }
            }
        }
        let latency = Latency(samples: samples)
        print("hot non-member lookups: median \(format(latency.median)) µs, p99 \(format(latency.p99)) µs")
        return
    }

    // 1. Generate.
    let generated: Generated
    let memberSamples = max(options.queries, options.cold * 2)
    if options.reuse, FileManager.default.fileExists(atPath: textPath) {
        log("reusing \(textPath) (regenerating the member sample)")
        // Same seed, same file: regenerate into /dev/null to get the samples.
        let sampled = generate(entries: options.entries, path: "/dev/null", memberSamples: memberSamples)
        let size = (try? FileManager.default.attributesOfItem(atPath: textPath)[.size] as? UInt64) ?? 0
        generated = Generated(path: textPath, bytes: size, members: sampled.members)
    } else {
        log("generating \(options.entries) sorted lines into \(textPath)")
        let started = now()
        generated = generate(entries: options.entries, path: textPath, memberSamples: memberSamples)
        log("generated \(generated.bytes) bytes in \(format(Double(now() - started) / 1e9, 1)) s")
    }

    // 2. Build, under /usr/bin/time -v.
    struct BuildRun {
        var wall: Double
        var user: Double
        var system: Double
        var peakKiB: Int
        var output: String
    }
    func timedBuild(_ input: String, _ output: String) throws -> BuildRun {
        let timeOutput = options.out + "/build-time.txt"
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        build.arguments = ["-v", "-o", timeOutput, options.pwguard, "breach", "build", "--quiet", "-o", output, input]
        let buildOut = Pipe()
        build.standardOutput = buildOut
        try build.run()
        let buildText = String(decoding: buildOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        build.waitUntilExit()
        guard build.terminationStatus == 0 else { fail("build failed: \(buildText)") }
        let timeText = (try? String(contentsOfFile: timeOutput, encoding: .utf8)) ?? ""
        func timeField(_ name: String) -> String {
            timeText.split(separator: "\n").first { $0.contains(name) }?.split(separator: ":", maxSplits: 1).last?
                .trimmingCharacters(in: .whitespaces) ?? "?"
        }
        func seconds(_ clock: String) -> Double {
            clock.split(separator: ":").reduce(0.0) { $0 * 60 + (Double($1) ?? 0) }
        }
        log(buildText.trimmingCharacters(in: .whitespacesAndNewlines))
        return BuildRun(wall: seconds(timeField("Elapsed (wall clock) time")),
                        user: Double(timeField("User time (seconds)")) ?? 0,
                        system: Double(timeField("System time (seconds)")) ?? 0,
                        peakKiB: Int(timeField("Maximum resident set size")) ?? 0,
                        output: buildText)
    }
    log("building \(dbPath)")
    evict(textPath)
    let sortedBuild = try timedBuild(textPath, dbPath)

    var unsortedBuild: BuildRun?
    var unsortedBytes: UInt64 = 0
    if options.unsortedEntries > 0 {
        let unsortedText = options.out + "/pwned-unsorted.txt"
        let unsortedDb = options.out + "/unsorted.pwgdb"
        log("generating \(options.unsortedEntries) unsorted lines")
        unsortedBytes = generateUnsorted(entries: options.unsortedEntries, path: unsortedText)
        evict(unsortedText)
        log("building from unsorted input")
        unsortedBuild = try timedBuild(unsortedText, unsortedDb)
        try? FileManager.default.removeItem(atPath: unsortedText)
        try? FileManager.default.removeItem(atPath: unsortedDb)
    }

    // 3. Size.
    let database = try BreachDatabase.open(path: dbPath)
    let info = database.info
    let textBits = Double(generated.bytes) * 8 / Double(options.entries)

    section("Build (`pwguard breach build`, one core)")
    func rate(_ entries: Int, _ seconds: Double) -> String { format(Double(entries) / max(seconds, 1e-9) / 1e6) }
    var header = ["", "sorted input (streamed)"]
    if unsortedBuild != nil { header.append("unsorted input (external sort)") }
    row(header)
    row(header.map { _ in "---" })
    func buildRow(_ name: String, _ cell: (BuildRun, Int) -> String) {
        var cells = [name, cell(sortedBuild, options.entries)]
        if let unsortedBuild { cells.append(cell(unsortedBuild, options.unsortedEntries)) }
        row(cells)
    }
    buildRow("entries") { _, entries in "\(entries)" }
    row(["input text", "\(generated.bytes) bytes"] + (unsortedBuild != nil ? ["\(unsortedBytes) bytes"] : []))
    buildRow("wall time") { run, _ in "\(format(run.wall, 1)) s (user \(format(run.user, 1)) s, system \(format(run.system, 1)) s)" }
    buildRow("rate (wall)") { run, entries in "\(rate(entries, run.wall)) M entries/s" }
    buildRow("rate (CPU)") { run, entries in "\(rate(entries, run.user + run.system)) M entries/s" }
    buildRow("peak resident memory") { run, _ in "\(format(Double(run.peakKiB) / 1024, 1)) MiB" }
    buildRow("pwguard's summary") { run, _ in
        run.output.split(separator: "\n").last.map { String($0) } ?? ""
    }
    report.append("")
    report.append("The input file is evicted from the page cache before each build, so it is read from storage.")

    // 4. Open and lookups.
    let members = generated.members
    var random = SplitMix(state: 42)
    func randomHash() -> [UInt8] { (0..<20).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
    let queryCount = min(options.queries, members.count)
    var queries: [[UInt8]] = []
    for index in 0..<queryCount {
        queries.append(index % 2 == 0 ? members[index] : randomHash())
    }
    queries.shuffle(using: &random)

    struct Measured {
        var open: Latency
        var openKiB: Int
        var hot: Latency
        var fresh: Latency
        var cold: Latency
        var coldReads: Double
        var coldKiB: Double
        var hits: Int
    }

    func measure(access: BreachDatabase.Access) throws -> Measured {
        // Resident memory added by opening (the file is cached: opening must
        // not pull it in).
        warm(dbPath)
        var keep: [BreachDatabase] = []
        let before = residentKiB()
        keep.append(try BreachDatabase.open(path: dbPath, access: access))
        let openKiB = residentKiB() - before
        keep.removeAll()
        var opens: [Double] = []
        for _ in 0..<2000 {
            let start = now()
            let opened = try BreachDatabase.open(path: dbPath, access: access)
            opens.append(Double(now() - start) / 1000)
            _ = opened
        }

        // Hot: one open database, every query looked up once before timing.
        // (In a scope of its own: its mapped pages must be gone before the
        // cold runs evict the file.)
        var hits = 0
        var hot: [Double] = []
        do {
            let db = try BreachDatabase.open(path: dbPath, access: access)
            for query in queries { if try db.lookup(hash: query) != nil { hits += 1 } }
            hot.reserveCapacity(queries.count)
            for query in queries {
                let start = now()
                _ = try db.lookup(hash: query)
                hot.append(Double(now() - start) / 1000)
            }
        }

        // Cached, fresh: the file in the page cache, a new open per lookup
        // (what a login process does); only the lookup is timed.
        var fresh: [Double] = []
        for query in queries.prefix(20_000) {
            let opened = try BreachDatabase.open(path: dbPath, access: access)
            let start = now()
            _ = try opened.lookup(hash: query)
            fresh.append(Double(now() - start) / 1000)
        }

        // Cold: the file evicted before each lookup.
        var cold: [Double] = []
        var faults = 0
        var readBytes = 0
        for query in queries.prefix(options.cold) {
            evict(dbPath)
            let opened = try BreachDatabase.open(path: dbPath, access: access)
            let faultsBefore = majorFaults()
            let bytesBefore = storageReadBytes()
            let start = now()
            _ = try opened.lookup(hash: query)
            cold.append(Double(now() - start) / 1000)
            faults += majorFaults() - faultsBefore
            readBytes += storageReadBytes() - bytesBefore
        }
        let lookups = Double(max(cold.count, 1))
        let reads = access == .mapped ? Double(faults) / lookups : 2
        return Measured(open: Latency(samples: opens), openKiB: openKiB, hot: Latency(samples: hot), fresh: Latency(samples: fresh),
                        cold: Latency(samples: cold), coldReads: reads, coldKiB: Double(readBytes) / 1024 / lookups,
                        hits: hits)
    }

    log("measuring lookups (automatic)")
    let automatic = try measure(access: .automatic)
    log("measuring lookups (mapped)")
    let mapped = try measure(access: .mapped)
    log("measuring lookups (pread)")
    let preadMeasured = try measure(access: .read)

    // 5. False positives.
    log("false positives: \(options.fpQueries) random non-members")
    var falsePositives = 0
    for _ in 0..<options.fpQueries {
        if try database.lookup(hash: randomHash()) != nil { falsePositives += 1 }
    }
    var missedMembers = 0
    for member in members where try database.lookup(hash: member) == nil { missedMembers += 1 }

    // The same mechanism with 16 bits, where false positives can be counted.
    let smallText = options.out + "/fp16.txt"
    let smallDb = options.out + "/fp16.pwgdb"
    let smallEntries = 1_000_000
    _ = generate(entries: smallEntries, path: smallText, memberSamples: 1)
    let small = Process()
    small.executableURL = URL(fileURLWithPath: options.pwguard)
    small.arguments = ["breach", "build", "--quiet", "--fp-bits", "16", "-o", smallDb, smallText]
    small.standardOutput = FileHandle.nullDevice
    try small.run()
    small.waitUntilExit()
    let smallDatabase = try BreachDatabase.open(path: smallDb)
    let smallQueries = 4_000_000
    var smallPositives = 0
    for _ in 0..<smallQueries {
        if try smallDatabase.lookup(hash: randomHash()) != nil { smallPositives += 1 }
    }
    try? FileManager.default.removeItem(atPath: smallText)
    try? FileManager.default.removeItem(atPath: smallDb)

    section("Size and accuracy")
    row(["", "pwguard database", "sorted text (baseline)"])
    row(["---", "---", "---"])
    row(["bytes", "\(info.fileSize)", "\(generated.bytes)"])
    row(["bits per entry (counts included)", format(info.bitsPerEntry), format(textBits, 1)])
    row(["false-positive bound", "2^-\(info.falsePositiveBits) = \(String(format: "%.2e", info.falsePositiveRate))", "0"])
    row(["false positives measured", "\(falsePositives) in \(options.fpQueries) random non-members (expected "
         + "\(format(Double(options.fpQueries) * info.falsePositiveRate, 4)))", "0"])
    row(["same with `--fp-bits 16` (1 M entries)", "\(smallPositives) in \(smallQueries) = \(String(format: "%.2e", Double(smallPositives) / Double(smallQueries))) (bound 2^-16 = 1.53e-05)", ""])
    row(["members not found", "\(missedMembers) of \(members.count)", "0"])
    row(["count kept", "decade tier (1, 2–9, 10–99, …)", "exact"])

    // 6. Baseline.
    var baselineHot = Latency(samples: [])
    var baselineFresh = Latency(samples: [])
    var baselineCold = Latency(samples: [])
    var baselineProbes = 0.0
    var baselineColdKiB = 0.0
    if !options.skipBaseline {
        log("baseline: binary search over the text")
        let hexQueries = queries.map { BreachHash.hex($0).utf8.map { $0 } }
        warm(textPath)
        guard let search = TextSearch(path: textPath) else { fail("cannot open \(textPath)") }
        for query in hexQueries.prefix(20_000) { _ = search.lookup(hex: query) }
        search.probes = 0
        var samples: [Double] = []
        for query in hexQueries {
            let start = now()
            _ = search.lookup(hex: query)
            samples.append(Double(now() - start) / 1000)
        }
        baselineProbes = Double(search.probes) / Double(max(hexQueries.count, 1))
        baselineHot = Latency(samples: samples)
        baselineFresh = baselineHot
        var cold: [Double] = []
        var readBytes = 0
        for query in hexQueries.prefix(options.cold) {
            evict(textPath)
            let opened = TextSearch(path: textPath)
            let bytesBefore = storageReadBytes()
            let start = now()
            _ = opened?.lookup(hex: query)
            cold.append(Double(now() - start) / 1000)
            readBytes += storageReadBytes() - bytesBefore
        }
        baselineCold = Latency(samples: cold)
        baselineColdKiB = Double(readBytes) / 1024 / Double(max(cold.count, 1))
    }

    section("Lookups (by hash; half members, half random non-members)")
    report.append("Cached hot: one open database, the queries already looked up once (automatic has switched to its "
                  + "mapping). Cached, fresh open: the file in the page cache, a new open per lookup, as in a login "
                  + "process (automatic still uses pread). Cold: the file evicted with posix_fadvise(DONTNEED) "
                  + "before each lookup, then a fresh open. Latency in µs, lookups by 20-byte hash.")
    report.append("")
    let columns = [automatic, mapped, preadMeasured]
    row(["", "pwguard, automatic (default)", "pwguard, mmap", "pwguard, pread", "binary search over text"])
    row(["---", "---", "---", "---", "---"])
    row(["resident memory added by opening"] + columns.map { "\($0.openKiB) KiB" } + ["0 KiB"])
    row(["open, median (cached)"] + columns.map { format($0.open.median) } + ["–"])
    row(["cached hot, median / p99"] + columns.map { "\(format($0.hot.median)) / \(format($0.hot.p99))" }
        + ["\(format(baselineHot.median)) / \(format(baselineHot.p99))"])
    row(["cached, fresh open, median / p99"] + columns.map { "\(format($0.fresh.median)) / \(format($0.fresh.p99))" }
        + ["\(format(baselineFresh.median)) / \(format(baselineFresh.p99))"])
    row(["cold, median / p99"] + columns.map { "\(format($0.cold.median, 0)) / \(format($0.cold.p99, 0))" }
        + ["\(format(baselineCold.median, 0)) / \(format(baselineCold.p99, 0))"])
    row(["reads per cold lookup", "2 preads", "\(format(mapped.coldReads)) page faults", "2 preads",
         "\(format(baselineProbes, 1)) preads"])
    row(["storage read per cold lookup"] + columns.map { "\(format($0.coldKiB, 1)) KiB" } + ["\(format(baselineColdKiB, 1)) KiB"])

    // Password lookups include SHA-1.
    let passwordDb = try BreachDatabase.open(path: dbPath, access: .mapped)
    var passwordSamples: [Double] = []
    for index in 0..<50_000 {
        let password = Array("benchmark-password-\(index)".utf8)
        let start = now()
        _ = try passwordDb.lookup(password: password)
        passwordSamples.append(Double(now() - start) / 1000)
    }
    let passwords = Latency(samples: passwordSamples)
    report.append("")
    report.append("Lookup by password (SHA-1 included), mapped, cached hot: median \(format(passwords.median)) µs, "
                  + "p99 \(format(passwords.p99)) µs.")

    let reportText = report.joined(separator: "\n") + "\n"
    print(reportText)
    try? reportText.write(toFile: options.out + "/breach-report.md", atomically: true, encoding: .utf8)
    if !options.keep {
        try? FileManager.default.removeItem(atPath: textPath)
        try? FileManager.default.removeItem(atPath: dbPath)
    }
}

try runBenchmark()
