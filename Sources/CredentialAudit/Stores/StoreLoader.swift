#if canImport(Glibc)
import Glibc
#endif

/// A store read from disk: its accounts, its errors, and what the file
/// system says about it (for the file findings).
public struct LoadedStore: Sendable {
    /// The path as given.
    public var path: String
    /// The format used (named, or detected).
    public var format: StoreFormat
    /// Accounts in file order.
    public var accounts: [StoredAccount]
    /// Malformed lines.
    public var errors: [StoreError]
    /// Owner, group and mode of the file when it was read.
    public var status: FileStatus

    /// Creates a store from its parts (tests build stores in memory this way).
    public init(path: String, format: StoreFormat, accounts: [StoredAccount], errors: [StoreError], status: FileStatus) {
        self.path = path
        self.format = format
        self.accounts = accounts
        self.errors = errors
        self.status = status
    }
}

/// The file system's view of a store file.
public struct FileStatus: Sendable, Equatable {
    /// Owner's user id.
    public var uid: UInt32
    /// Group id.
    public var gid: UInt32
    /// Permission bits (`st_mode & 0o7777`).
    public var mode: UInt32

    /// Creates a status.
    public init(uid: UInt32, gid: UInt32, mode: UInt32) {
        self.uid = uid
        self.gid = gid
        self.mode = mode
    }
}

/// Reads store files and hands them to the parser of their format.
public enum StoreLoader {
    /// Files larger than this are refused (a million accounts take ~100 MB).
    public static let maxFileBytes = 1 << 30

    /// Reads and parses `path`. `format` nil detects it. `passwd` gives
    /// GECOS and home to shadow accounts. `threads` may parse a large file in pieces.
    /// - Throws: `StoreError` (without a line) when the file cannot be read
    ///   or its format cannot be recognised.
    public static func load(path: String, format: StoreFormat?, passwd: PasswdFile? = nil,
                            threads: Int = 1) throws(StoreError) -> LoadedStore {
        let (bytes, status) = try readFile(path)
        guard let format = format ?? StoreFormat.detect(bytes) else {
            throw StoreError(file: path, line: nil,
                             message: "cannot tell the store's format (no line looks like shadow, htpasswd, LDIF, pwdump or PHC); name it with --format")
        }
        let parsed: (accounts: [StoredAccount], errors: [StoreError])
        switch format {
        case .shadow: parsed = ShadowStore.parse(bytes, path: path, passwd: passwd, threads: threads)
        case .htpasswd: parsed = HtpasswdStore.parse(bytes, path: path)
        case .ldif: parsed = LDIFStore.parse(bytes, path: path)
        case .pwdump: parsed = PwdumpStore.parse(bytes, path: path)
        case .phc: parsed = PHCStore.parse(bytes, path: path)
        }
        return LoadedStore(path: path, format: format, accounts: parsed.accounts, errors: parsed.errors, status: status)
    }

    /// Reads a passwd file for GECOS and home directories.
    public static func loadPasswd(path: String) throws(StoreError) -> PasswdFile {
        PasswdFile(bytes: try readFile(path).bytes, path: path)
    }

    /// The whole file and its status, read through one descriptor so both
    /// describe the same file.
    static func readFile(_ path: String) throws(StoreError) -> (bytes: [UInt8], status: FileStatus) {
        func failure(_ what: String) -> StoreError {
            StoreError(file: path, line: nil, message: "\(what): \(String(cString: strerror(errno)))")
        }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw failure("cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(file: path, line: nil, message: "is not a regular file")
        }
        guard info.st_size <= maxFileBytes else {
            throw StoreError(file: path, line: nil, message: "is larger than \(maxFileBytes) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 1 << 16)) }
            let got = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + count }, raw.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read")
            }
            if got == 0 { break }
            count += got
            guard count <= maxFileBytes else {
                throw StoreError(file: path, line: nil, message: "is larger than \(maxFileBytes) bytes")
            }
        }
        bytes.removeSubrange(count...)
        return (bytes, FileStatus(uid: info.st_uid, gid: info.st_gid, mode: UInt32(info.st_mode) & 0o7777))
    }
}
