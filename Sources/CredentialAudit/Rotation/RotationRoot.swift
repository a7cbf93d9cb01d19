/// The account files under a root directory (shadow-utils' `--root DIR`):
/// DIR/etc/shadow, DIR/etc/passwd and DIR/etc/login.defs. Planning reads
/// them; applying takes the locks and writes DIR/etc/shadow.
public struct RotationRoot: Sendable {
    /// The root directory ("/" for the running system).
    public var root: String
    /// DIR/etc.
    public var etcDirectory: String

    /// The files under `root`.
    public init(_ root: String = "/") {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed.isEmpty ? "/" : trimmed
        etcDirectory = (self.root == "/" ? "" : self.root) + "/etc"
    }

    /// Whether this is the running system's root (name-service caches apply).
    public var isSystemRoot: Bool { root == "/" }
    /// DIR/etc/shadow.
    public var shadowPath: String { etcDirectory + "/shadow" }
    /// DIR/etc/passwd.
    public var passwdPath: String { etcDirectory + "/passwd" }
    /// DIR/etc/login.defs.
    public var loginDefsPath: String { etcDirectory + "/login.defs" }

    /// UID_MIN and UID_MAX from DIR/etc/login.defs (defaults when it is missing).
    public func humanUIDRange() -> HumanUIDRange {
        guard let snapshot = try? FileSnapshot.read(loginDefsPath) else { return HumanUIDRange() }
        return HumanUIDRange(loginDefs: snapshot.bytes)
    }

    /// The passwd file, parsed.
    public func passwd() throws(RotationError) -> PasswdFile {
        PasswdFile(bytes: try FileSnapshot.read(passwdPath).bytes, path: passwdPath)
    }

    /// Reads the shadow file and plans `request` on it. Changes nothing.
    public func plan(_ request: RotationRequest) throws(RotationError) -> (plan: RotationPlan, snapshot: FileSnapshot) {
        let snapshot = try FileSnapshot.read(shadowPath)
        let planned = try plan(request, on: snapshot, passwd: try passwd())
        return (planned.plan, snapshot)
    }

    private func plan(_ request: RotationRequest, on snapshot: FileSnapshot, passwd: PasswdFile) throws(RotationError)
        -> (plan: RotationPlan, file: ShadowFile) {
        let file = ShadowFile(bytes: snapshot.bytes, path: shadowPath)
        return (try RotationPlan(shadow: file, passwd: passwd, request: request), file)
    }

    /// Plans `request` and writes the plan under the shadow-utils locks. If
    /// the file changed since it was first read (bytes, inode or mtime), the
    /// plan is made again on the file as it is under the locks, and that plan
    /// is the one written and returned. Malformed lines refuse the write
    /// (nothing changes).
    public func apply(_ request: RotationRequest, lockTimeout: Double = 15) throws(RotationError)
        -> (plan: RotationPlan, outcome: ShadowWriter.Outcome) {
        let passwd = try passwd()
        let snapshot = try FileSnapshot.read(shadowPath)
        let first = try plan(request, on: snapshot, passwd: passwd)
        var finalPlan = first.plan
        let writer = ShadowWriter(directory: etcDirectory, name: "shadow", lockTimeout: lockTimeout)
        let outcome = try writer.commit(readBeforeLocking: snapshot) { (current: FileSnapshot) throws(RotationError) -> [UInt8]? in
            let (plan, file) = current == snapshot ? first : try self.plan(request, on: current, passwd: passwd)
            finalPlan = plan
            return plan.isEmpty ? nil : plan.rewrittenBytes(of: file)
        }
        return (finalPlan, outcome)
    }
}
