import PasswordPolicy
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How to build a breached-password database.
public struct BreachBuildOptions: Sendable {
    /// The hash the inputs use and the file is keyed by.
    public var hashKind: BreachHashKind = .sha1
    /// Hashes seen fewer times than this (counts summed over all inputs)
    /// are left out. At least 1.
    public var minimumCount: UInt32 = 1
    /// Files to read as plain password lists whatever their first line
    /// looks like (inputs are otherwise recognised by their first line).
    public var passwordLists: [String] = []
    /// Where the external sort puts its temporary files; the output's
    /// directory when nil.
    public var temporaryDirectory: String?
    /// Records (16 bytes each) gathered in memory before the external sort
    /// spills them to a temporary file: the sort's memory bound. The
    /// default, 6 Mi records, is 96 MiB.
    public var chunkRecords: Int = 6 << 20
    /// The average number of entries per bucket aimed at: smaller buckets
    /// make lookups faster and the directory larger.
    public var targetBucketEntries: Int = 256
    /// The false-positive rate is at most 2^-this (1–32).
    public var falsePositiveBits: Int = 32
    /// Records held back to choose the file's parameters.
    public var sampleRecords: Int = 1 << 20

    /// The defaults: SHA-1, every hash, false positives ≤ 2^-32.
    public init() {}
}

/// Where a build is, for a progress display.
public struct BreachBuildProgress: Sendable {
    /// The stage of the build.
    public enum Phase: Sendable, Equatable {
        /// Reading sorted input straight into the database.
        case streaming
        /// Reading unsorted input into the external sort.
        case reading
        /// Merging the sorted runs into the database.
        case merging
    }

    /// The stage of the build.
    public var phase: Phase
    /// How far through the stage, 0–1.
    public var fraction: Double
    /// Input records read so far.
    public var inputRecords: UInt64
    /// Entries written so far.
    public var entries: UInt64
}

/// What a build did.
public struct BreachBuildReport: Sendable {
    /// The header of the file written.
    public var info: BreachDatabaseInfo
    /// Records read from the inputs (repeated hashes included).
    public var inputRecords: UInt64
    /// Distinct hashes among them (before the minimum count).
    public var distinctHashes: UInt64
    /// True when the input was sorted and read straight through, without
    /// the external sort.
    public var streamed: Bool
    /// Sorted runs the external sort wrote to temporary files (0 when the
    /// input fitted in one chunk or was streamed).
    public var spilledRuns: Int
}

/// Builds breached-password databases (format: docs/breach-db.md) from
/// Have I Been Pwned's downloads and from plain password lists.
///
/// Inputs, recognised by their first non-blank line (or listed in
/// ``BreachBuildOptions/passwordLists``):
/// - a file of `HASH:COUNT` lines (the downloader's `pwnedpasswords.txt`,
///   or an old full download), 40 hex digits for SHA-1, 32 for NTLM; a
///   line without `:COUNT` counts 1, count 0 (padding) is skipped;
/// - a directory of range files `ABCDE.txt` holding `SUFFIX:COUNT` lines;
/// - a list of passwords, one per line, hashed as they are read.
///
/// Sorted input (files sorted by hash, range directories) is read straight
/// into the database in one pass. Anything else — unsorted files,
/// password lists, pipes — goes through an external sort that spills
/// chunks of ``BreachBuildOptions/chunkRecords`` records to temporary
/// files, so memory stays bounded whatever the input's size. A sorted-
/// looking file found out of order half-way is read again through the
/// sort. Hashes repeated across inputs have their counts added.
///
/// The builder is in the library, in the same pure Swift as the reader, so
/// that one module owns the format, its tests exercise both sides, and
/// other tools (an update job) can build files without the CLI.
public enum BreachBuilder {
    /// Records moved per call between the stages.
    static let batchSize = 1 << 16

    /// Builds the database `output` from `inputs`.
    ///
    /// - Parameters:
    ///   - inputs: Files and directories, as described above.
    ///   - output: The file to write; replaced atomically when complete.
    ///   - options: The hash kind, minimum count and limits.
    ///   - progress: Called every 64 Ki records or so.
    /// - Returns: What was built.
    /// - Throws: ``BreachError``: `.input` naming the file and line of a
    ///   malformed or unreadable input, `.output` when the output or a
    ///   temporary file cannot be written, `.invalidArgument` for bad options.
    public static func build(inputs: [String], output: String, options: BreachBuildOptions = BreachBuildOptions(),
                             progress: ((BreachBuildProgress) -> Void)? = nil) throws(BreachError) -> BreachBuildReport {
        try validate(options, inputs: inputs)
        try checkOutput(output)
        let plan = try classify(inputs: inputs, options: options)

        if plan.streamable {
            let sources = try plan.openAll(kind: options.hashKind)
            let merger = try SourceMerger(sources: sources)
            let records = { sources.reduce(UInt64(0)) { $0 + $1.records } }
            if let report = try encode(merger, output: output, options: options, phase: .streaming,
                                       inputRecords: records, spilledRuns: 0, progress: progress) {
                return report
            }
            // Out of order: start again through the external sort.
        }

        let directory = options.temporaryDirectory ?? parentDirectory(of: output)
        let sorter = ExternalSorter(chunkRecords: options.chunkRecords, directory: directory)
        let totalBytes = plan.inputs.reduce(UInt64(0)) { $0 + $1.bytes }
        var finishedBytes: UInt64 = 0
        let batch = UnsafeMutablePointer<HashRecord>.allocate(capacity: batchSize)
        defer { batch.deallocate() }
        // One input open at a time: memory does not grow with their number.
        for index in plan.inputs.indices {
            let source = try plan.open(index, kind: options.hashKind)
            while true {
                let (count, status) = try source.read(into: batch, capacity: batchSize, checkOrder: false)
                try sorter.add(batch, count: count)
                if let progress {
                    let consumed = finishedBytes + source.consumedBytes
                    progress(BreachBuildProgress(phase: .reading,
                                                 fraction: totalBytes == 0 ? 1 : min(Double(consumed) / Double(totalBytes), 1),
                                                 inputRecords: sorter.added, entries: 0))
                }
                if status != .more { break }
            }
            finishedBytes += source.consumedBytes
        }
        let added = sorter.added
        let sorted = try sorter.finish { _, _ in }
        let spilled = sorter.spills
        guard let report = try encode(sorted, output: output, options: options, phase: .merging,
                                      inputRecords: { added }, spilledRuns: spilled, progress: progress) else {
            throw BreachError(kind: .output, path: output, message: "internal error: the sort's output is out of order")
        }
        return report
    }

    private static func validate(_ options: BreachBuildOptions, inputs: [String]) throws(BreachError) {
        func bad(_ message: String) -> BreachError { BreachError(kind: .invalidArgument, path: "options", message: message) }
        guard !inputs.isEmpty || !options.passwordLists.isEmpty else { throw bad("no input files") }
        guard options.minimumCount >= 1 else { throw bad("the minimum count is at least 1") }
        guard (1...32).contains(options.falsePositiveBits) else { throw bad("false-positive bits must be 1 to 32") }
        guard options.chunkRecords >= 16 else { throw bad("a sort chunk holds at least 16 records") }
        guard (1...16_384).contains(options.targetBucketEntries) else { throw bad("bucket target must be 1 to 16384") }
    }

    /// The output is replaced by a rename, which would replace whatever is
    /// at the path: only a missing path or a regular file (not a symbolic
    /// link, a device such as /dev/stdout, or a directory) may be replaced.
    private static func checkOutput(_ output: String) throws(BreachError) {
        var status = stat()
        if lstat(output, &status) != 0 {
            guard errno == ENOENT else { throw BreachError.system(output, "cannot use as output", errno: errno, fallback: .output) }
            // The output and the sort's temporary files are created in its
            // directory, which is not made here: a missing one is named now,
            // not as a failed temporary file after the inputs were read.
            let directory = parentDirectory(of: output)
            if stat(directory, &status) != 0 {
                let error = errno
                guard error == ENOENT else {
                    throw BreachError.system(output, "cannot use its directory \(directory)", errno: error, fallback: .output)
                }
                throw BreachError(kind: .output, path: output,
                                  message: "the directory \(directory) does not exist (create it first)")
            }
            return
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw BreachError(kind: .output, path: output,
                              message: "exists and is not a regular file (the output is replaced by renaming a new file over it)")
        }
    }

    /// The directory part of a path (`.` for a bare name).
    static func parentDirectory(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: 0x2F) else { return "." }
        return slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }

    // MARK: Inputs

    private enum InputKind {
        /// A file whose kind its first line tells (hashes or passwords).
        case file
        case rangeDirectory
        case passwordList
    }

    /// The most inputs merged while streaming: each holds a 1 MiB buffer.
    /// More go through the external sort, which reads one at a time.
    static let maxStreamedInputs = 64

    private struct Plan {
        var inputs: [(path: String, kind: InputKind, streamable: Bool, bytes: UInt64)]

        /// Sorted input can be streamed: no password lists, every file
        /// regular (so that it can be read again should it turn out
        /// unsorted), and few enough to be open at once.
        var streamable: Bool {
            inputs.count <= BreachBuilder.maxStreamedInputs && inputs.allSatisfy(\.streamable)
        }

        func open(_ index: Int, kind: BreachHashKind) throws(BreachError) -> RecordSource {
            let input = inputs[index]
            switch input.kind {
            case .rangeDirectory:
                return try RangeDirectorySource(path: input.path, kind: kind)
            case .passwordList:
                return PasswordListSource(lines: try LineBuffer(path: input.path, maxLineBytes: 1 << 16), kind: kind)
            case .file:
                return try BreachBuilder.openFile(input.path, kind: kind)
            }
        }

        func openAll(kind: BreachHashKind) throws(BreachError) -> [RecordSource] {
            var sources: [RecordSource] = []
            for index in inputs.indices { sources.append(try open(index, kind: kind)) }
            return sources
        }
    }

    /// Opens a file and reads it as its first line says: hashes of the
    /// build's kind, or passwords. The first line is looked at without
    /// being consumed, so pipes work too.
    static func openFile(_ path: String, kind: BreachHashKind) throws(BreachError) -> RecordSource {
        var lines = try LineBuffer(path: path, maxLineBytes: 1 << 16)
        do throws(BreachError) {
            switch try HashLineParser.classify(&lines) {
            case .passwords:
                return PasswordListSource(lines: lines, kind: kind)
            case .hashes(let digits):
                guard digits == kind.hexLength else {
                    let hint = digits == 32
                        ? "32-digit hashes are NTLM: add --ntlm (or list the file with --list if it holds passwords)"
                        : "40-digit hashes are SHA-1, but this build is NTLM"
                    throw BreachError(kind: .input, path: path, message: hint)
                }
                return HashFileSource(lines: lines, kind: kind)
            }
        } catch {
            lines.close()
            throw error
        }
    }

    private static func classify(inputs: [String], options: BreachBuildOptions) throws(BreachError) -> Plan {
        var plan = Plan(inputs: [])
        for path in inputs {
            var status = stat()
            guard stat(path, &status) == 0 else { throw BreachError.system(path, "cannot open", errno: errno, fallback: .input) }
            let type = status.st_mode & S_IFMT
            let size = UInt64(max(status.st_size, 0))
            if type == S_IFDIR {
                // A directory's size is its range files': counted when opened.
                let source = try RangeDirectorySource(path: path, kind: options.hashKind)
                plan.inputs.append((path, .rangeDirectory, true, source.totalBytes))
            } else if type == S_IFREG {
                // Only regular files are looked at twice (here, then to read
                // them): a pipe's first line could not be read again.
                let source = try openFile(path, kind: options.hashKind)
                plan.inputs.append((path, .file, source is HashFileSource, size))
            } else {
                plan.inputs.append((path, .file, false, 0))
            }
        }
        for path in options.passwordLists {
            var status = stat()
            let size = stat(path, &status) == 0 ? UInt64(max(status.st_size, 0)) : 0
            plan.inputs.append((path, .passwordList, false, size))
        }
        return plan
    }

    // MARK: Encoding

    /// Feeds a sorted stream into a new file. Returns nil when the stream
    /// turns out not to be sorted (the partial file is removed).
    private static func encode(_ stream: SortedRecords, output: String, options: BreachBuildOptions,
                               phase: BreachBuildProgress.Phase, inputRecords: () -> UInt64, spilledRuns: Int,
                               progress: ((BreachBuildProgress) -> Void)?) throws(BreachError) -> BreachBuildReport? {
        let encoder = BreachEncoder(output: output, kind: options.hashKind, minimumCount: UInt64(options.minimumCount),
                                    falsePositiveBits: options.falsePositiveBits,
                                    targetBucketEntries: options.targetBucketEntries,
                                    sampleRecords: options.sampleRecords, fraction: { stream.fraction })
        guard let digest = SHA256Stream() else {
            throw BreachError(kind: .output, path: output, message: "libcrypto has no SHA-256")
        }
        let minimum = options.minimumCount
        let input = UnsafeMutablePointer<HashRecord>.allocate(capacity: batchSize)
        let distinctBatch = UnsafeMutablePointer<HashRecord>.allocate(capacity: batchSize + 1)
        let kept = UnsafeMutablePointer<HashRecord>.allocate(capacity: batchSize + 1)
        defer {
            input.deallocate()
            distinctBatch.deallocate()
            kept.deallocate()
        }
        // The hash being summed, carried from one batch to the next.
        var pending = HashRecord(high: 0, low: 0, count: 0)
        var havePending = false
        var distinct: UInt64 = 0

        /// Complete distinct hashes: into the digest, and into the file if
        /// seen often enough.
        func complete(_ count: Int) throws(BreachError) {
            digest.append(distinctBatch, count: count)
            distinct += UInt64(count)
            var keptCount = 0
            for index in 0..<count where distinctBatch[index].count >= minimum {
                kept[keptCount] = distinctBatch[index]
                keptCount += 1
            }
            try encoder.add(kept, count: keptCount)
        }

        while true {
            let (count, status) = try stream.read(into: input, capacity: batchSize)
            if status == .outOfOrder { return nil }
            var completed = 0
            for index in 0..<count {
                let record = input[index]
                if havePending, pending.sameHash(as: record) {
                    let (sum, overflow) = pending.count.addingReportingOverflow(record.count)
                    pending.count = overflow ? .max : sum
                } else {
                    if havePending {
                        distinctBatch[completed] = pending
                        completed += 1
                    }
                    pending = record
                    havePending = true
                }
            }
            try complete(completed)
            if let progress {
                progress(BreachBuildProgress(phase: phase, fraction: stream.fraction,
                                             inputRecords: inputRecords(), entries: encoder.entries))
            }
            if status == .end { break }
        }
        if havePending {
            distinctBatch[0] = pending
            try complete(1)
        }
        guard let sourceDigest = digest.finish() else {
            throw BreachError(kind: .output, path: output, message: "libcrypto failed to finish SHA-256")
        }
        let info = try encoder.finish(sourceDigest: sourceDigest)
        progress?(BreachBuildProgress(phase: phase, fraction: 1, inputRecords: inputRecords(), entries: info.entryCount))
        return BreachBuildReport(info: info, inputRecords: inputRecords(), distinctHashes: distinct,
                                 streamed: phase == .streaming, spilledRuns: spilledRuns)
    }
}
