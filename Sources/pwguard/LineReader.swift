#if canImport(Glibc)
import Glibc
#endif
import PasswordPolicy

/// Reads lines of raw bytes from a file descriptor, in bounded memory.
///
/// Lines end at `\n`, with a `\r` before it removed. Bytes are data: NUL
/// and invalid UTF-8 pass through. A line longer than `maxLineBytes` is
/// cut to its first `maxLineBytes` bytes and flagged; the rest is read
/// and dropped, so a megabyte line costs no megabyte of memory. Every
/// buffer that held input is zeroed after use: the input is passwords.
struct LineReader {
    let fd: Int32
    let maxLineBytes: Int
    private var chunk: [UInt8]
    private var line: [UInt8] = []

    init(fd: Int32, maxLineBytes: Int) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
        chunk = [UInt8](repeating: 0, count: 1 << 16)
        // Reserved once so the line never reallocates: a reallocation would
        // free the old storage with password bytes still in it.
        line.reserveCapacity(maxLineBytes)
    }

    /// Calls `body` with each line and whether it was cut, until end of
    /// input. `beforeRead` runs before each read that may block, so that
    /// buffered answers reach an interactive caller before it sends more.
    mutating func forEachLine(
        beforeRead: () -> Void,
        _ body: (_ line: [UInt8], _ truncated: Bool) throws -> Void
    ) throws {
        var truncated = false
        defer {
            line.wipe()
            line.removeAll(keepingCapacity: true)
        }
        while true {
            beforeRead()
            let count = try readChunk()
            if count == 0 { break }
            defer { chunk.wipe() }
            var start = 0
            while start < count {
                let newline = chunk.withUnsafeBytes { raw -> Int? in
                    guard let base = raw.baseAddress,
                          let found = memchr(base + start, 0x0A, count - start) else { return nil }
                    return base.distance(to: UnsafeRawPointer(found))
                }
                let end = newline ?? count
                let room = maxLineBytes - line.count
                if end - start > room { truncated = true }
                line.append(contentsOf: chunk[start..<(start + min(room, end - start))])
                guard let newline else { break }
                try finishLine(truncated: truncated, body)
                truncated = false
                start = newline + 1
            }
        }
        if !line.isEmpty || truncated {
            try finishLine(truncated: truncated, body)
        }
    }

    private mutating func finishLine(truncated: Bool, _ body: ([UInt8], Bool) throws -> Void) throws {
        // A cut line's last kept byte is not its end: only a whole line
        // loses its `\r`.
        if !truncated, line.last == 0x0D { line[line.count - 1] = 0; line.removeLast() }
        defer {
            line.wipe()
            line.removeAll(keepingCapacity: true)
        }
        try body(line, truncated)
    }

    /// Reads the next chunk; 0 at end of input.
    private mutating func readChunk() throws -> Int {
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw CommandFailure(message: "cannot read standard input: \(String(cString: strerror(errno)))")
        }
    }
}
