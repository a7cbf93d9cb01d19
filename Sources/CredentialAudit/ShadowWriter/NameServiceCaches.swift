import Foundation

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
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus != 0 {
                    warnings.append("\(command.joined(separator: " ")) exited with status \(process.terminationStatus)")
                }
            } catch {
                warnings.append("cannot run \(command[0]): \(error.localizedDescription)")
            }
        }
        return warnings
    }

    private static func find(_ name: String) -> String? {
        ["/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"].map { $0 + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
