#if canImport(Glibc)
import Glibc
#endif

/// Buffered output to a file descriptor: one `write` per 64 KiB or per
/// flush instead of one per line, which is what makes tens of thousands
/// of lines per second possible.
struct FileOutput {
    let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(capacity)
    }

    /// Appends text, writing out when the buffer is full.
    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Lets `body` append bytes to the buffer directly (no String in between).
    mutating func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out everything buffered.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        Self.writeAll(fd: fd, &buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes`, retrying after signals and partial writes.
    /// Other errors drop the output: there is nowhere left to report them.
    static func writeAll(fd: Int32, _ bytes: inout [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
