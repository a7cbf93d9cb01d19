import CPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Settings {
    /// The main configuration file read when none is named.
    public static let defaultConfigFile = "/etc/security/pwguard.conf"

    /// The drop-in directory read after the default file: its `*.conf`
    /// files are applied in byte order of their names.
    public static let defaultConfigDirectory = "/etc/security/pwguard.conf.d"

    /// Configuration files larger than this are refused: a policy file is
    /// a few lines, and the PAM module must not read without bound.
    public static let maxConfigFileSize = 1 << 20

    /// Loads the settings from the configuration files and overrides.
    ///
    /// Sources apply in order, each over the previous:
    /// 1. `configFile` when given (it must exist; the drop-in directory is
    ///    then not read), otherwise `defaultConfigFile` and the `*.conf`
    ///    files of `defaultConfigDirectory` in byte order of their names
    ///    (a missing default file or directory simply contributes nothing);
    /// 2. `overrides`, `name=value` or `name` strings such as PAM module
    ///    arguments.
    ///
    /// - Parameters:
    ///   - configFile: A file to read instead of the default ones.
    ///   - overrides: Assignments applied last, in order.
    ///   - defaultConfigFile: The main file read when `configFile` is nil.
    ///   - defaultConfigDirectory: The drop-in directory read when `configFile` is nil.
    /// - Returns: The resulting settings.
    /// - Throws: ``ConfigError`` naming the file and line, or the argument, at fault.
    public static func load(
        configFile: String? = nil,
        overrides: [String] = [],
        defaultConfigFile: String = Settings.defaultConfigFile,
        defaultConfigDirectory: String = Settings.defaultConfigDirectory
    ) throws(ConfigError) -> Settings {
        var builder = SettingsBuilder()
        if let configFile {
            if let text = try ConfigFileReader.contents(of: configFile, missingIsEmpty: false, allowSpecial: true) {
                try builder.apply(text: text, source: configFile)
            }
        } else {
            if let text = try ConfigFileReader.contents(of: defaultConfigFile, missingIsEmpty: true) {
                try builder.apply(text: text, source: defaultConfigFile)
            }
            for path in try ConfigFileReader.dropInFiles(in: defaultConfigDirectory) {
                // A drop-in that vanished or is not a regular file is skipped,
                // as a shell glob would not have matched it.
                if let text = try ConfigFileReader.contents(of: path, missingIsEmpty: true, skipIrregular: true) {
                    try builder.apply(text: text, source: path)
                }
            }
        }
        for argument in overrides {
            try builder.apply(argument: argument)
        }
        return try builder.finish()
    }
}

/// Reads configuration files with plain system calls: no Foundation in a
/// PAM module, bounded sizes, and `EINTR` retried.
enum ConfigFileReader {
    /// The contents of the regular file at `path`, or nil when it does not
    /// exist and `missingIsEmpty`, or is not a regular file and `skipIrregular`.
    /// `allowSpecial` admits devices and pipes (`/dev/null`, `<(...)`),
    /// which only an explicitly named file may be: a default path that is a
    /// pipe could hang every login.
    static func contents(of path: String, missingIsEmpty: Bool, skipIrregular: Bool = false,
                     allowSpecial: Bool = false) throws(ConfigError) -> [UInt8]? {
        let location = ConfigLocation(source: path, line: nil)
        var fd: Int32 = -1
        repeat {
            // O_NONBLOCK: opening a FIFO must not hang a login.
            fd = pwguard_open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        } while fd < 0 && pwguard_errno() == EINTR
        if fd < 0 {
            let error = pwguard_errno()
            if error == ENOENT && missingIsEmpty { return nil }
            throw location.error("cannot open: \(describe(error))")
        }
        defer { _ = close(fd) }

        var status = stat()
        guard fstat(fd, &status) == 0 else { throw location.error("cannot read: \(describe(pwguard_errno()))") }
        if pwguard_is_directory(status.st_mode) != 0 {
            if skipIrregular { return nil }
            throw location.error("is a directory")
        }
        if pwguard_is_regular_file(status.st_mode) == 0 {
            if skipIrregular { return nil }
            guard allowSpecial else { throw location.error("is not a regular file") }
            // Opened non-blocking only to avoid hanging in open(); the
            // reads themselves may wait for a pipe's writer.
            let flags = pwguard_get_status_flags(fd)
            if flags >= 0 { _ = pwguard_set_status_flags(fd, flags & ~O_NONBLOCK) }
        }
        guard status.st_size <= Settings.maxConfigFileSize else {
            throw location.error("is larger than \(Settings.maxConfigFileSize) bytes")
        }

        // The size may change while reading: the cap is enforced on what
        // is actually read, one byte past the limit proving it too large.
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if pwguard_errno() == EINTR { continue }
                throw location.error("cannot read: \(describe(pwguard_errno()))")
            }
            if count == 0 { break }
            contents.append(contentsOf: chunk[0..<min(count, chunk.count)])
            guard contents.count <= Settings.maxConfigFileSize else {
                throw location.error("is larger than \(Settings.maxConfigFileSize) bytes")
            }
        }
        return contents
    }

    /// The paths of the `*.conf` files in `directory`, in byte order of
    /// their names; none when the directory does not exist. Hidden files are
    /// left out, as a shell glob would.
    static func dropInFiles(in directory: String) throws(ConfigError) -> [String] {
        let location = ConfigLocation(source: directory, line: nil)
        guard let handle = opendir(directory) else {
            let error = pwguard_errno()
            if error == ENOENT { return [] }
            throw location.error("cannot open directory: \(describe(error))")
        }
        defer { _ = closedir(handle) }

        var names: [[UInt8]] = []
        while true {
            pwguard_set_errno(0)
            guard let entry = readdir(handle) else {
                if pwguard_errno() != 0 { throw location.error("cannot read directory: \(describe(pwguard_errno()))") }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            guard name.first != UInt8(ascii: "."), name.count > 5, name.suffix(5).elementsEqual(".conf".utf8) else {
                continue
            }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        // Names that are not UTF-8 could not be opened through a String
        // faithfully; they are reported rather than silently skipped.
        return try names.map { name throws(ConfigError) in
            let valid = name.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffset($0) == nil }
            guard valid else {
                throw location.error("file name \(quoted(String(decoding: name, as: UTF8.self))) is not valid UTF-8")
            }
            return prefix + String(decoding: name, as: UTF8.self)
        }
    }

    /// The system's description of an `errno` value.
    private static func describe(_ error: Int32) -> String {
        guard let text = strerror(error) else { return "error \(error)" }
        return String(cString: text)
    }
}
