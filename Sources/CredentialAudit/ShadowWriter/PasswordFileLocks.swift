#if canImport(Glibc)
import Glibc
#endif

/// The two locks shadow-utils takes before it rewrites /etc/shadow, taken
/// the same way so that pwguard, chage, passwd, useradd and vipw exclude
/// each other.

/// glibc's lckpwdf(3): not in the Glibc module's headers (shadow.h), so declared here.
@_silgen_name("lckpwdf") private func systemLckpwdf() -> Int32
/// glibc's ulckpwdf(3).
@_silgen_name("ulckpwdf") private func systemUlckpwdf() -> Int32

/// The password-database lock: lckpwdf(3), an fcntl write lock on
/// `/etc/.pwd.lock` that waits up to 15 seconds.
///
/// lckpwdf only ever locks `/etc/.pwd.lock`, so for another root the same
/// lock is taken on `DIR/etc/.pwd.lock` here (open O_WRONLY|O_CREAT 0600,
/// F_SETLK on the whole file), which is what `chage --root DIR` takes after
/// its chroot. The kernel drops the lock when the process dies.
struct PasswordDatabaseLock {
    private let fd: Int32?

    /// Takes the lock for the files in `etcDirectory`, waiting up to `timeout` seconds.
    init(etcDirectory: String, timeout: Double) throws(RotationError) {
        let path = etcDirectory + "/.pwd.lock"
        if etcDirectory == "/etc" {
            guard systemLckpwdf() == 0 else {
                throw RotationError.io(path: path, message: "cannot take the password database lock (lckpwdf): \(String(cString: strerror(errno)))")
            }
            fd = nil
            return
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard opened >= 0 else {
            throw RotationError.io(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        let deadline = monotonicSeconds() + timeout
        while fcntl(opened, F_SETLK, &lock) != 0 {
            let error = errno
            guard error == EAGAIN || error == EACCES || error == EINTR, monotonicSeconds() < deadline else {
                close(opened)
                throw RotationError.io(path: path, message: error == EAGAIN || error == EACCES
                    ? "still locked by another process after \(Int(timeout)) s" : String(cString: strerror(error)))
            }
            usleep(2_000)
        }
        fd = opened
    }

    /// Releases the lock.
    func release() {
        if let fd { close(fd) } else { _ = systemUlckpwdf() }
    }
}

/// shadow-utils' link lock on a file: the PID written to `FILE.<pid>`,
/// hard-linked to `FILE.lock`. Linking is atomic, so exactly one process
/// wins; a lock whose PID no longer runs (`kill(pid, 0)` fails with ESRCH)
/// is stale and removed, which is what lets the next run go on after a
/// writer was killed.
struct LinkLock {
    let lockPath: String

    /// Takes the lock on `path`, waiting up to `timeout` seconds for a live holder.
    init(path: String, timeout: Double) throws(RotationError) {
        lockPath = path + ".lock"
        let pid = getpid()
        let pidPath = "\(path).\(pid)"
        _ = unlink(pidPath)
        let fd = open(pidPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw RotationError.io(path: pidPath, message: "cannot create the lock file: \(String(cString: strerror(errno)))")
        }
        var text = Array("\(pid)".utf8)
        let written = write(fd, &text, text.count)
        let synced = fsync(fd)
        close(fd)
        defer { _ = unlink(pidPath) }
        guard written == text.count, synced == 0 else {
            throw RotationError.io(path: pidPath, message: "cannot write the lock file")
        }
        let deadline = monotonicSeconds() + timeout
        while true {
            if link(pidPath, lockPath) == 0 {
                // shadow-utils checks the link count: 2 proves the link is ours.
                var info = stat()
                if stat(pidPath, &info) == 0, info.st_nlink == 2 { return }
                _ = unlink(lockPath)
                throw RotationError.io(path: lockPath, message: "lock link has an unexpected link count")
            }
            guard errno == EEXIST else {
                throw RotationError.io(path: lockPath, message: "cannot create the lock: \(String(cString: strerror(errno)))")
            }
            let holder = Self.holder(of: lockPath)
            if let holder, holder != pid, kill(holder, 0) == 0 || errno == EPERM {
                guard monotonicSeconds() < deadline else {
                    throw RotationError.io(path: lockPath, message: "locked by running process \(holder)")
                }
                usleep(2_000)
                continue
            }
            if holder == nil {
                // Unreadable or empty: a lock file another tool is still writing, or junk.
                guard monotonicSeconds() < deadline else {
                    throw RotationError.io(path: lockPath, message: "lock file holds no process id; remove it if no tool is running")
                }
                usleep(2_000)
                continue
            }
            // Stale: its process is gone. Remove it and its PID file, then retry.
            _ = unlink(lockPath)
            if let holder { _ = unlink("\(path).\(holder)") }
        }
    }

    /// The PID written in a lock file, if it holds one.
    static func holder(of lockPath: String) -> pid_t? {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingWhitespace(includingNewlines: true)
        guard let value = Int32(text), value > 0 else { return nil }
        return value
    }

    /// Releases the lock.
    func release() {
        _ = unlink(lockPath)
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
