import PasswordPolicy
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a batch read ended.
enum BatchStatus {
    /// The batch is full: read again.
    case more
    /// The input is exhausted.
    case end
    /// The record after the batch is smaller than the one before it: the
    /// input is not sorted (only when asked to check).
    case outOfOrder
}

/// A source of hash records: a file of hashes, a directory of range files,
/// or a list of passwords hashed on the fly.
protocol RecordSource: AnyObject {
    /// Reads up to `capacity` records into `buffer`. With `checkOrder`,
    /// stops with `.outOfOrder` at a record smaller than the previous one.
    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int,
              checkOrder: Bool) throws(BreachError) -> (count: Int, status: BatchStatus)
    /// Bytes of input consumed so far, for progress and estimates.
    var consumedBytes: UInt64 { get }
    /// Bytes of input in all.
    var totalBytes: UInt64 { get }
    /// Records yielded so far.
    var records: UInt64 { get }
}

/// Reads a file's lines in large chunks with plain system calls.
///
/// Lines end at `\n`; a `\r` before it is removed. A line longer than
/// `maxLineBytes` is an error (with its line number), so memory stays
/// bounded whatever the file holds. A struct, so that the per-line loop
/// works on a local copy; its owner calls ``close()``.
struct LineBuffer {
    let path: String
    private let fd: Int32
    private let capacity: Int
    private let maxLineBytes: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    /// False when the buffer is lent by the caller (one buffer for a
    /// million range files, instead of a fresh megabyte for each).
    private let ownsBuffer: Bool
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// The number of the line last returned, 1-based.
    private(set) var lineNumber = 0
    /// Bytes of the lines returned so far, newlines included.
    private(set) var consumedBytes: UInt64 = 0
    /// The file's size when opened.
    let size: UInt64
    /// True when the file is a regular file (so it can be read again).
    let isRegular: Bool

    /// Opens `path`. With `buffer` (of `bufferCapacity` bytes, at least
    /// twice `maxLineBytes`), reads through it instead of allocating one.
    init(path: String, maxLineBytes: Int = 1 << 16,
         buffer lent: UnsafeMutablePointer<UInt8>? = nil, bufferCapacity: Int = 0) throws(BreachError) {
        var fd: Int32 = -1
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw BreachError.system(path, "cannot open", errno: errno, fallback: .input) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let error = errno
            Glibc.close(fd)
            throw BreachError.system(path, "cannot read", errno: error, fallback: .input)
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            Glibc.close(fd)
            throw BreachError(kind: .input, path: path, message: "is a directory")
        }
        self.path = path
        self.fd = fd
        self.size = UInt64(max(status.st_size, 0))
        self.isRegular = status.st_mode & S_IFMT == S_IFREG
        self.maxLineBytes = maxLineBytes
        if let lent, bufferCapacity >= maxLineBytes * 2 {
            self.capacity = bufferCapacity
            self.buffer = lent
            self.ownsBuffer = false
        } else {
            self.capacity = max(1 << 20, maxLineBytes * 2)
            self.buffer = .allocate(capacity: capacity)
            self.ownsBuffer = true
        }
        if isRegular { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) }
    }

    /// Closes the file and frees the buffer (unless lent); the value must
    /// not be used after.
    func close() {
        Glibc.close(fd)
        if ownsBuffer { buffer.deallocate() }
    }

    /// The next line (without its end), valid until the next call; nil at
    /// the end of the file.
    @inline(__always)
    mutating func next() throws(BreachError) -> UnsafeRawBufferPointer? {
        while true {
            if start < end {
                let from = buffer + start
                if let found = memchr(from, 0x0A, end - start) {
                    let length = UnsafeRawPointer(from).distance(to: UnsafeRawPointer(found))
                    return try finish(from: from, length: length, newline: true)
                }
                if atEOF {
                    return try finish(from: from, length: end - start, newline: false)
                }
                guard end - start <= maxLineBytes else { throw tooLong() }
            } else if atEOF {
                return nil
            }
            try refill()
        }
    }

    @inline(__always)
    private mutating func finish(from: UnsafeMutablePointer<UInt8>, length: Int, newline: Bool) throws(BreachError) -> UnsafeRawBufferPointer {
        guard length <= maxLineBytes else { throw tooLong() }
        lineNumber += 1
        let advance = length + (newline ? 1 : 0)
        start += advance
        consumedBytes += UInt64(advance)
        var kept = length
        if kept > 0, from[kept - 1] == 0x0D { kept -= 1 }
        return UnsafeRawBufferPointer(start: from, count: kept)
    }

    private func tooLong() -> BreachError {
        BreachError(kind: .input, path: path, line: lineNumber + 1, message: "line longer than \(maxLineBytes) bytes")
    }

    /// The first non-blank line, without consuming anything: what comes
    /// next is still every line from the start. Reads at most one buffer
    /// (1 MiB); nil when that holds no non-blank line.
    mutating func peekFirstNonBlankLine() throws(BreachError) -> [UInt8]? {
        while !atEOF && end < capacity {
            let before = end
            try refill()
            if end == before { break }
        }
        var position = start
        while position < end {
            let from = buffer + position
            let length: Int
            if let found = memchr(from, 0x0A, end - position) {
                length = UnsafeRawPointer(from).distance(to: UnsafeRawPointer(found))
            } else {
                length = end - position
            }
            var line = Array(UnsafeBufferPointer(start: from, count: length))
            position += length + 1
            if line.last == 0x0D { line.removeLast() }
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return line }
        }
        return nil
    }

    /// Moves the unread bytes to the front and reads more after them.
    private mutating func refill() throws(BreachError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            start = 0
            end = remaining
        }
        while true {
            let count = read(fd, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw BreachError(kind: .input, path: path, line: lineNumber + 1,
                                  message: "cannot read: \(describeErrno(errno))")
            }
            if count == 0 { atEOF = true }
            end += count
            return
        }
    }
}

/// What an input file holds, judged from its first non-blank line.
enum InputFormat: Equatable {
    /// `HEX:COUNT` lines (or bare `HEX`), with this many hex digits.
    case hashes(hexDigits: Int)
    /// One password per line.
    case passwords
}

/// Parsing of Have I Been Pwned's text lines.
enum HashLineParser {
    /// Parses `HEX[:COUNT]` with exactly `hexDigits` digits (either case),
    /// optionally surrounded by trailing blanks. Returns nil when the line is
    /// malformed; a missing count is 1, counts past 2^32-1 saturate.
    @inline(__always)
    static func parse(_ line: UnsafeRawBufferPointer, hexDigits: Int) -> HashRecord? {
        var length = line.count
        while length > 0, line[length - 1] == 0x20 || line[length - 1] == 0x09 { length -= 1 }
        guard length >= hexDigits, hexDigits >= 24, let base = line.baseAddress else { return nil }
        let hex = HexDigits.pointer
        var high: UInt64 = 0
        var low: UInt64 = 0
        var invalid: UInt8 = 0
        do {
            for index in 0..<16 {
                let value = hex[Int(base.load(fromByteOffset: index, as: UInt8.self))]
                invalid |= value
                high = high &<< 4 | UInt64(value & 15)
            }
            for index in 16..<24 {
                let value = hex[Int(base.load(fromByteOffset: index, as: UInt8.self))]
                invalid |= value
                low = low &<< 4 | UInt64(value & 15)
            }
            for index in 24..<hexDigits {
                invalid |= hex[Int(base.load(fromByteOffset: index, as: UInt8.self))]
            }
            // Valid digits are below 16; the table marks others 255.
            guard invalid < 16 else { return nil }
            var count: UInt64 = 1
            if length > hexDigits {
                guard base.load(fromByteOffset: hexDigits, as: UInt8.self) == 0x3A, length > hexDigits + 1 else { return nil }
                count = 0
                for index in (hexDigits + 1)..<length {
                    let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                    guard digit < 10 else { return nil }
                    count = min(count &* 10 &+ UInt64(digit), UInt64(UInt32.max))
                }
            }
            return HashRecord(high: high, low: UInt32(truncatingIfNeeded: low), count: UInt32(truncatingIfNeeded: count))
        }
    }

    /// The format of a file, from its first non-blank line (read without
    /// being consumed). An empty file is an empty hash file.
    static func classify(_ lines: inout LineBuffer) throws(BreachError) -> InputFormat {
        guard let first = try lines.peekFirstNonBlankLine() else { return .hashes(hexDigits: 40) }
        return first.withUnsafeBytes { line -> InputFormat in
            for digits in [40, 32] where parse(line, hexDigits: digits) != nil {
                return .hashes(hexDigits: digits)
            }
            return .passwords
        }
    }
}

/// A file of `HEX:COUNT` lines: the Have I Been Pwned downloader's single
/// file, or an old full download.
final class HashFileSource: RecordSource {
    private var lines: LineBuffer
    private let hexDigits: Int
    private var previous = HashRecord(high: 0, low: 0, count: 0)
    private(set) var records: UInt64 = 0
    var consumedBytes: UInt64 { lines.consumedBytes }
    var totalBytes: UInt64 { lines.size }

    /// Reads `lines` (opened, nothing consumed) as hashes of `kind`.
    init(lines: LineBuffer, kind: BreachHashKind) {
        self.lines = lines
        hexDigits = kind.hexLength
    }

    deinit { lines.close() }

    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int,
              checkOrder: Bool) throws(BreachError) -> (count: Int, status: BatchStatus) {
        // Locals for the loop, written back once per batch.
        var lines = self.lines
        var previous = self.previous
        var produced = 0
        let digits = hexDigits
        defer {
            self.lines = lines
            self.previous = previous
            records += UInt64(produced)
        }
        while produced < capacity {
            guard let line = try lines.next() else { return (produced, .end) }
            guard let record = HashLineParser.parse(line, hexDigits: digits) else {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                throw BreachError(kind: .input, path: lines.path, line: lines.lineNumber,
                                  message: "expected \(digits) hexadecimal digits, ':' and a count")
            }
            // Count 0 marks the range API's padding rows: not a real entry.
            if record.count == 0 { continue }
            if checkOrder, record < previous { return (produced, .outOfOrder) }
            previous = record
            buffer[produced] = record
            produced += 1
        }
        return (produced, .more)
    }
}

/// A directory of range files as the Have I Been Pwned downloader writes
/// them: `ABCDE.txt` holding `SUFFIX:COUNT` lines for the hashes starting
/// with `ABCDE`. Other files are ignored. Read in prefix order, the files
/// are one sorted stream.
final class RangeDirectorySource: RecordSource {
    private let directory: String
    /// Each file's prefix as a number, and its name; 24 bytes a file, for
    /// the million files of a full download.
    private let files: [(prefix: UInt32, name: String)]
    private let hexDigits: Int
    private var fileIndex = 0
    private var current: LineBuffer?
    private var finishedBytes: UInt64 = 0
    private var previous = HashRecord(high: 0, low: 0, count: 0)
    /// The current file's prefix, then the line: one whole hash line.
    private let scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 4096 + 8
    /// One read buffer for every file.
    private let readBuffer: UnsafeMutablePointer<UInt8>
    private static let readBufferSize = 1 << 18
    private(set) var records: UInt64 = 0
    let totalBytes: UInt64
    var consumedBytes: UInt64 { finishedBytes + (current?.consumedBytes ?? 0) }

    init(path: String, kind: BreachHashKind) throws(BreachError) {
        directory = path
        hexDigits = kind.hexLength
        guard let handle = opendir(path) else { throw BreachError.system(path, "cannot open directory", errno: errno, fallback: .input) }
        defer { closedir(handle) }
        var found: [(prefix: UInt32, name: String)] = []
        var total: UInt64 = 0
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { throw BreachError.system(path, "cannot read directory", errno: errno, fallback: .input) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            guard name.count == 9, name[5...].elementsEqual(".txt".utf8),
                  name[..<5].allSatisfy({ HexDigits.value($0) < 16 }) else { continue }
            let prefix = name[..<5].reduce(UInt32(0)) { $0 << 4 | UInt32(HexDigits.value($1)) }
            let file = String(decoding: name, as: UTF8.self)
            var status = stat()
            let full = Self.join(path, file)
            guard stat(full, &status) == 0 else { throw BreachError.system(full, "cannot read", errno: errno, fallback: .input) }
            guard status.st_mode & S_IFMT == S_IFREG else { continue }
            total += UInt64(max(status.st_size, 0))
            found.append((prefix, file))
        }
        guard !found.isEmpty else {
            throw BreachError(kind: .input, path: path, message: "no range files (ABCDE.txt) in the directory")
        }
        files = found.sorted { $0.prefix < $1.prefix }
        totalBytes = total
        scratch = .allocate(capacity: Self.scratchSize)
        readBuffer = .allocate(capacity: Self.readBufferSize)
    }

    deinit {
        current?.close()
        scratch.deallocate()
        readBuffer.deallocate()
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int,
              checkOrder: Bool) throws(BreachError) -> (count: Int, status: BatchStatus) {
        let suffixDigits = hexDigits - 5
        let digits = hexDigits
        var produced = 0
        var previous = self.previous
        defer {
            records += UInt64(produced)
            self.previous = previous
        }
        while produced < capacity {
            if current == nil {
                guard fileIndex < files.count else { return (produced, .end) }
                let file = files[fileIndex]
                current = try LineBuffer(path: Self.join(directory, file.name), maxLineBytes: 4096,
                                         buffer: readBuffer, bufferCapacity: Self.readBufferSize)
                // The file name's five digits start every line's hash.
                for index in 0..<5 {
                    scratch[index] = HexDigits.upper[Int((file.prefix >> UInt32(16 - 4 * index)) & 15)]
                }
            }
            guard var lines = current else { return (produced, .end) }
            // The file's lines, with the reader in a local until the file
            // ends or the batch is full.
            var exhausted = false
            var unsorted = false
            do throws(BreachError) {
                while produced < capacity {
                    guard let line = try lines.next() else {
                        exhausted = true
                        break
                    }
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    var record: HashRecord?
                    if line.count <= Self.scratchSize - 5, let source = line.baseAddress {
                        memcpy(scratch + 5, source, line.count)
                        record = HashLineParser.parse(UnsafeRawBufferPointer(start: scratch, count: 5 + line.count),
                                                      hexDigits: digits)
                    }
                    guard let record else {
                        throw BreachError(kind: .input, path: lines.path, line: lines.lineNumber,
                                          message: "expected \(suffixDigits) hexadecimal digits, ':' and a count")
                    }
                    if record.count == 0 { continue }
                    if checkOrder, record < previous {
                        unsorted = true
                        break
                    }
                    previous = record
                    buffer[produced] = record
                    produced += 1
                }
            } catch {
                current = lines
                throw error
            }
            if unsorted {
                current = lines
                return (produced, .outOfOrder)
            }
            if exhausted {
                finishedBytes += lines.consumedBytes
                lines.close()
                current = nil
                fileIndex += 1
            } else {
                current = lines
            }
        }
        return (produced, .more)
    }
}

/// A plain list of passwords, one per line (a `\r` before the newline is
/// removed; blank lines are skipped), each hashed as it is read. Never
/// sorted by hash.
final class PasswordListSource: RecordSource {
    private var lines: LineBuffer
    private let kind: BreachHashKind
    private(set) var records: UInt64 = 0
    var consumedBytes: UInt64 { lines.consumedBytes }
    var totalBytes: UInt64 { lines.size }

    /// Reads `lines` (opened, nothing consumed) as passwords hashed with `kind`.
    init(lines: LineBuffer, kind: BreachHashKind) {
        self.lines = lines
        self.kind = kind
    }

    deinit { lines.close() }

    func read(into buffer: UnsafeMutablePointer<HashRecord>, capacity: Int,
              checkOrder: Bool) throws(BreachError) -> (count: Int, status: BatchStatus) {
        var lines = self.lines
        var produced = 0
        defer {
            self.lines = lines
            records += UInt64(produced)
        }
        while produced < capacity {
            guard let line = try lines.next() else { return (produced, .end) }
            guard !line.isEmpty else { continue }
            if checkOrder { return (produced, .outOfOrder) }
            var password = Array(line)
            defer { password.wipe() }
            var digest = BreachHash.digest(of: password, kind: kind)
            defer { digest.wipe() }
            buffer[produced] = digest.withUnsafeBytes { HashRecord(digest: $0, count: 1) }
            produced += 1
        }
        return (produced, .more)
    }
}
