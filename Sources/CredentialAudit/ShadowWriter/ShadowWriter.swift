#if canImport(Glibc)
import Glibc
#endif

/// Rewrites a shadow file the way shadow-utils does (see
/// ../shared/notes/audit.md, "How shadow-utils writes /etc/shadow"):
///
/// 1. the password-database lock (lckpwdf, `.pwd.lock`);
/// 2. the link lock `shadow.lock`;
/// 3. the file read again under the locks: if it differs from what the plan
///    was made on, the plan is made again on what is there now;
/// 4. `shadow-` backup of the current bytes, fsync;
/// 5. the new bytes in `shadow+` (same directory, same owner, group and
///    mode), fsync, rename over `shadow`, fsync the directory;
/// 6. the locks released.
///
/// A crash at any point leaves `shadow` whole, old or new: the rename is the
/// only step that touches it. Leftover `shadow+` and `shadow-` are rewritten
/// by the next run; a leftover link lock is stale and removed.
public struct ShadowWriter: Sendable {
    /// The directory holding the file (DIR/etc).
    public var directory: String
    /// The file's name in it ("shadow").
    public var name: String
    /// How long to wait for another tool's locks, in seconds.
    public var lockTimeout: Double

    /// A writer for `directory/name`.
    public init(directory: String, name: String = "shadow", lockTimeout: Double = 15) {
        self.directory = directory
        self.name = name
        self.lockTimeout = lockTimeout
    }

    /// The file's path.
    public var path: String { directory + "/" + name }
    /// The backup's path (`shadow-`).
    public var backupPath: String { path + "-" }

    /// What a commit did.
    public struct Outcome: Sendable {
        /// The file as it was under the locks (the plan's input).
        public var current: FileSnapshot
        /// Whether the file had changed since `readBeforeLocking` was read.
        public var changedSinceRead: Bool
        /// Whether new bytes were written.
        public var wrote: Bool
    }

    /// Takes the locks, reads the file again and asks `rebuild` for the new
    /// bytes given what is there now (nil: nothing to write), then writes
    /// them. `readBeforeLocking` is the snapshot the caller planned on: if
    /// the file differs (bytes, inode or mtime), `changedSinceRead` says so.
    public func commit(readBeforeLocking: FileSnapshot,
                       rebuild: (FileSnapshot) throws(RotationError) -> [UInt8]?) throws(RotationError) -> Outcome {
        // As shadow-utils does, ^C, hang-up and termination wait until the
        // locks are released: a SIGKILL or a crash still leaves the file
        // whole (old or new), but no stale lock is left for a polite signal.
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP] { sigaddset(&blocked, signal) }
        sigprocmask(SIG_BLOCK, &blocked, &previous)
        defer { sigprocmask(SIG_SETMASK, &previous, nil) }
        let databaseLock = try PasswordDatabaseLock(etcDirectory: directory, timeout: lockTimeout)
        defer { databaseLock.release() }
        let linkLock = try LinkLock(path: path, timeout: lockTimeout)
        defer { linkLock.release() }
        CrashPoint.locked.reached()

        let current = try FileSnapshot.read(path)
        let changed = current != readBeforeLocking
        guard let newBytes = try rebuild(current), newBytes != current.bytes else {
            return Outcome(current: current, changedSinceRead: changed, wrote: false)
        }
        try writeFile(backupPath, bytes: current.bytes, like: current, partial: .backupPartial)
        CrashPoint.backupWritten.reached()
        let temporary = path + "+"
        try writeFile(temporary, bytes: newBytes, like: current, partial: .tempPartial)
        CrashPoint.tempWritten.reached()
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            _ = unlink(temporary)
            throw RotationError.io(path: path, message: "cannot rename \(temporary) over it: \(message)")
        }
        CrashPoint.renamed.reached()
        try syncDirectory()
        CrashPoint.synced.reached()
        return Outcome(current: current, changedSinceRead: changed, wrote: true)
    }

    /// Writes `bytes` to a fresh file at `target` with the owner, group and
    /// mode of `original`, and fsyncs it. A file already there is unlinked
    /// first, so a hard link or a wider mode cannot carry over.
    private func writeFile(_ target: String, bytes: [UInt8], like original: FileSnapshot, partial: CrashPoint) throws(RotationError) {
        func failure(_ what: String) -> RotationError {
            RotationError.io(path: target, message: "\(what): \(String(cString: strerror(errno)))")
        }
        if unlink(target) != 0 && errno != ENOENT { throw failure("cannot remove the old file") }
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw failure("cannot create") }
        var closed = false
        defer { if !closed { close(fd) } }
        guard fchown(fd, original.owner, original.group) == 0 else { throw failure("cannot set owner") }
        guard fchmod(fd, mode_t(original.mode)) == 0 else { throw failure("cannot set mode") }
        let half = bytes.count / 2
        try writeAll(fd, bytes[0..<half], target)
        partial.reached()
        try writeAll(fd, bytes[half...], target)
        guard fsync(fd) == 0 else { throw failure("cannot fsync") }
        closed = true
        guard close(fd) == 0 else { throw failure("cannot close") }
    }

    private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, _ target: String) throws(RotationError) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RotationError.io(path: target, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// fsync on the directory makes the rename itself durable.
    private func syncDirectory() throws(RotationError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw RotationError.io(path: directory, message: "cannot open to fsync: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw RotationError.io(path: directory, message: "cannot fsync: \(String(cString: strerror(errno)))") }
    }
}
