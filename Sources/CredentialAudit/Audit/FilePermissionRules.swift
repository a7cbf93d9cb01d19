#if canImport(Glibc)
import Glibc
#endif

/// File findings: who may read or write a store. A shadow file should be
/// root's, mode 0640 or stricter, its group root or `shadow` (Debian's
/// `root:shadow 0640`). Other stores (an htpasswd file read by a web
/// server's group) are only required to be closed to others.
public enum FilePermissionRules {
    /// The gid of the `shadow` group, when the system has one.
    public static let shadowGroup: UInt32? = {
        guard let group = getgrnam("shadow") else { return nil }
        return group.pointee.gr_gid
    }()

    /// Findings for one store file.
    public static func findings(path: String, format: StoreFormat, status: FileStatus,
                                shadowGroup: UInt32? = FilePermissionRules.shadowGroup) -> [FileFinding] {
        let mode = String(status.mode, radix: 8)
        var findings: [FileFinding] = []
        let othersRead = status.mode & 0o004 != 0
        let othersWrite = status.mode & 0o002 != 0
        guard format == .shadow else {
            if othersRead {
                findings.append(FileFinding(.storeWorldReadable, .high, file: path,
                                            "mode \(mode): every local user can read the hashes"))
            }
            if othersWrite {
                findings.append(FileFinding(.storeWorldWritable, .critical, file: path,
                                            "mode \(mode): every local user can replace the hashes"))
            }
            return findings
        }
        if status.uid != 0 {
            findings.append(FileFinding(.shadowWrongOwner, .high, file: path,
                                        "owned by uid \(status.uid), not root"))
        }
        if othersRead {
            findings.append(FileFinding(.shadowWorldReadable, .high, file: path,
                                        "mode \(mode): every local user can read the hashes (expected 0640 or stricter)"))
        }
        if othersWrite || status.mode & 0o020 != 0 {
            let who = othersWrite ? "every local user" : "group \(status.gid)"
            findings.append(FileFinding(.shadowWritable, .critical, file: path,
                                        "mode \(mode): \(who) can change any password"))
        }
        let trustedGroup = status.gid == 0 || status.gid == shadowGroup
        if status.mode & 0o040 != 0, !trustedGroup {
            findings.append(FileFinding(.shadowGroupReadable, .medium, file: path,
                                        "mode \(mode): group \(status.gid) (neither root nor shadow) can read the hashes"))
        }
        return findings
    }
}
