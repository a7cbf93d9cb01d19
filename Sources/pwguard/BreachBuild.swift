import ArgumentParser
import BreachBuild
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import PasswordPolicy

/// `pwguard breach build`: compiles breach data into a database file.
struct BreachBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a breached-password database from Have I Been Pwned data or password lists.",
        discussion: """
            Each INPUT is one of: a file of HASH:COUNT lines (the Have I Been \
            Pwned downloader's output, 40 hex digits for SHA-1, 32 with --ntlm); \
            a directory of range files ABCDE.txt holding SUFFIX:COUNT lines; or \
            a plain list of passwords, one per line, hashed as it is read. The \
            kind of a file is told from its first line; --list forces a plain list.

            Input sorted by hash is read straight through; anything else is \
            sorted externally in bounded memory (about 100 MiB), with temporary \
            files next to the output (or in --temp-dir). The output is written \
            under a temporary name and renamed into place when complete.

            Example:
              pwguard breach build -o /var/lib/pwguard/hibp.pwgdb --min-count 2 pwnedpasswords.txt
            """
    )

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The database to write.", valueName: "file"))
    var output: String

    @Flag(help: "The inputs are NTLM hashes (MD4 of UTF-16LE); password lists are hashed with NTLM.")
    var ntlm = false

    @Option(name: .customLong("min-count"), help: ArgumentHelp("Leave out hashes seen fewer than N times.", valueName: "N"))
    var minCount: UInt32 = 1

    @Option(name: .customLong("list"), help: ArgumentHelp("A plain password list, whatever its first line (repeatable).", valueName: "file"))
    var lists: [String] = []

    @Option(name: .customLong("temp-dir"), help: ArgumentHelp("Directory for the external sort's temporary files.", valueName: "dir"))
    var tempDir: String?

    @Flag(help: "No progress bar.")
    var quiet = false

    @Option(name: .customLong("chunk-records"), help: .hidden)
    var chunkRecords: Int?

    @Option(name: .customLong("bucket-size"), help: .hidden)
    var bucketSize: Int?

    @Option(name: .customLong("fp-bits"), help: .hidden)
    var fpBits: Int?

    @Argument(help: ArgumentHelp("Hash files, range directories or password lists.", valueName: "input"))
    var inputs: [String] = []

    func validate() throws {
        if inputs.isEmpty && lists.isEmpty { throw ValidationError("give at least one input") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1") }
    }

    func run() throws {
        var options = BreachBuildOptions()
        options.hashKind = ntlm ? .ntlm : .sha1
        options.minimumCount = minCount
        options.passwordLists = lists
        options.temporaryDirectory = tempDir
        if let chunkRecords { options.chunkRecords = chunkRecords }
        if let bucketSize { options.targetBucketEntries = bucketSize }
        if let fpBits { options.falsePositiveBits = fpBits }

        var bar = ProgressBar(enabled: !quiet && isatty(2) == 1)
        let started = Date()
        let report: BreachBuildReport
        do {
            report = try BreachBuilder.build(inputs: inputs, output: output, options: options) { progress in
                bar.update(progress)
            }
        } catch {
            bar.clear()
            throw CommandFailure(message: error.description)
        }
        bar.clear()
        let seconds = Date().timeIntervalSince(started)
        let info = report.info
        let rate = seconds > 0 ? Double(report.inputRecords) / seconds : 0
        print("wrote \(output): \(info.entryCount) entries (\(info.hashKind.name), minimum count \(info.minimumCount)), "
              + "\(info.fileSize) bytes, \(NumberText.fixed(info.bitsPerEntry, decimals: 2)) bits per entry, "
              + "false positives <= 2^-\(info.falsePositiveBits)")
        print("read \(report.inputRecords) records (\(report.distinctHashes) distinct) in "
              + "\(NumberText.fixed(seconds, decimals: 1)) s, \(NumberText.fixed(rate / 1e6, decimals: 2)) M records/s, "
              + (report.streamed ? "sorted input streamed" : "external sort, \(report.spilledRuns) runs spilled"))
    }
}

/// A one-line progress bar on standard error, redrawn at most 10 times a
/// second, only when standard error is a terminal.
struct ProgressBar {
    let enabled: Bool
    private var last = Date.distantPast
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    mutating func update(_ progress: BreachBuildProgress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let fraction = min(max(progress.fraction, 0), 1)
        let width = 30
        let filled = Int(fraction * Double(width))
        let phase: String
        switch progress.phase {
        case .streaming: phase = "reading (sorted)"
        case .reading: phase = "reading, sorting"
        case .merging: phase = "merging, writing"
        }
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        StandardError.write("\r[\(bar)] \(NumberText.fixed(fraction * 100, decimals: 0, width: 3))% \(phase): "
                            + "\(progress.inputRecords) records read, \(progress.entries) entries written\u{1B}[K")
        shown = true
    }

    mutating func clear() {
        guard shown else { return }
        StandardError.write("\r\u{1B}[K")
        shown = false
    }
}
