#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a file and the identity they were read under, to tell
/// whether the file changed between reading and writing.
public struct FileSnapshot: Equatable, Sendable {
    /// The file's path.
    public var path: String
    /// Every byte, as read.
    public var bytes: [UInt8]
    /// The device holding the file.
    public var device: UInt64
    /// The inode: a rename over the file changes it.
    public var inode: UInt64
    /// Modification time, seconds since 1970.
    public var modified: Int64
    /// Modification time, nanoseconds within the second.
    public var modifiedNanoseconds: Int64
    /// Owning user id, which a rewrite keeps.
    public var owner: UInt32
    /// Owning group id, which a rewrite keeps.
    public var group: UInt32
    /// Permission bits (including set-id and sticky), which a rewrite keeps.
    public var mode: UInt32

    /// Reads `path` whole, with fstat on the same descriptor.
    public static func read(_ path: String) throws(RotationError) -> FileSnapshot {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw RotationError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw RotationError.io(path: path, message: "cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw RotationError.io(path: path, message: "is not a regular file") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RotationError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return FileSnapshot(path: path, bytes: bytes, device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                            modified: Int64(info.st_mtim.tv_sec), modifiedNanoseconds: Int64(info.st_mtim.tv_nsec),
                            owner: info.st_uid, group: info.st_gid, mode: UInt32(info.st_mode) & 0o7777)
    }
}
