import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// After /etc/shadow changes, the name-service caches that may hold the old
/// entries are told to drop them, as shadow-utils does: `nscd -i passwd`
/// and `sss_cache -U`, each only when installed.
public enum NameServiceCaches {
    /// The commands to run, for the binaries found on this system.
    public static func invalidationCommands() -> [[String]] {
        var commands: [[String]] = []
        if let nscd = find("nscd") { commands.append([nscd, "-i", "passwd"]) }
        if let sss = find("sss_cache") { commands.append([sss, "-U"]) }
        return commands
    }

    /// Runs every invalidation command; returns a warning for each that failed.
    public static func invalidate() -> [String] {
        var warnings: [String] = []
        for command in invalidationCommands() {
            switch run(command) {
            case .success(0): break
            case .success(let status): warnings.append("\(command.joined(separator: " ")) exited with status \(status)")
            case .failure(let error): warnings.append("cannot run \(command[0]): \(String(cString: strerror(error.errorNumber)))")
            }
        }
        return warnings
    }

    /// Why a command could not be started or waited for: the errno value
    /// posix_spawn(3) or waitpid(2) gave.
    struct SpawnError: Error {
        var errorNumber: Int32
    }

    /// Runs `command` (an absolute path and its arguments) and waits for it,
    /// the way Foundation's `Process` ran these commands before: standard
    /// input, output and error on /dev/null, none of pwguard's other
    /// descriptors, the same environment, a process group of its own (a
    /// Ctrl-C at the terminal does not reach it).
    /// Returns the exit status, or the signal number when a signal ended it.
    static func run(_ command: [String]) -> Result<Int32, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0)
        }
        _ = systemPosixSpawnFileActionsAddClosefrom(&actions, 3)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var arguments = command.map { strdup($0) }
        arguments.append(nil)
        defer { for argument in arguments { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, arguments, environ)
        guard spawned == 0 else { return .failure(SpawnError(errorNumber: spawned)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(SpawnError(errorNumber: errno)) }
        }
        // The wait status: a signal number in the low 7 bits, else the exit code above them.
        let signal = status & 0x7F
        return .success(signal != 0 ? signal : (status >> 8) & 0xFF)
    }

    private static func find(_ name: String) -> String? {
        ["/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"].map { $0 + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// glibc's posix_spawn_file_actions_addclosefrom_np(3) (2.34): a GNU
/// extension, not in the Glibc module's headers.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func systemPosixSpawnFileActionsAddClosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                     _ lowest: Int32) -> Int32
