/// Applies configuration sources, in order, on top of the defaults.
///
/// The format is pam_pwquality's: `name = value` lines, flags written as a
/// name alone, `#` comments on their own line or after whitespace, blank
/// lines. A later assignment of the same name wins. Arguments (PAM module
/// arguments, `--set`) use the same `name=value` form without comments.
struct SettingsBuilder {
    /// The settings so far.
    private(set) var settings = Settings()
    /// Where each setting was last assigned, so that a conflict found only
    /// at the end can still point at a line.
    private var lastSet: [String: (order: Int, location: ConfigLocation)] = [:]
    /// Counts assignments, to tell which of two settings was set last.
    private var assignments = 0

    /// Applies the text of a configuration file; `source` names it in errors.
    mutating func apply(text bytes: [UInt8], source: String) throws(ConfigError) {
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            lineNumber += 1
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let location = ConfigLocation(source: source, line: lineNumber)
            try apply(line: bytes[lineStart..<lineEnd], at: location)
            lineStart = lineEnd + 1
        }
    }

    /// Applies one `name=value` (or `name`) argument.
    mutating func apply(argument: String) throws(ConfigError) {
        let location = ConfigLocation(source: "argument \(quoted(argument))", line: nil)
        let bytes = Array(argument.utf8)
        guard !bytes.contains(0) else { throw location.error("contains a NUL character") }
        guard let (name, value) = Self.split(bytes[...], comments: false) else {
            throw location.error("missing setting name")
        }
        try assign(name: name, value: value, at: location)
    }

    /// The settings, once the checks that involve more than one setting pass.
    func finish() throws(ConfigError) -> Settings {
        if settings.minLength > settings.maxLength {
            // Blame whichever of the two was set last: that is the edit
            // that made them conflict.
            let latest = [lastSet["minlen"], lastSet["max_length"]].compactMap { $0 }.max { $0.order < $1.order }
            let location = latest?.location ?? ConfigLocation(source: "configuration", line: nil)
            throw location.error("minlen \(settings.minLength) is greater than max_length \(settings.maxLength)")
        }
        return settings
    }

    private mutating func apply(line rawLine: ArraySlice<UInt8>, at location: ConfigLocation) throws(ConfigError) {
        // Checked before anything else so that no later step sees bytes
        // that cannot become a String faithfully.
        if rawLine.contains(0) { throw location.error("contains a NUL byte") }
        let valid = rawLine.withUnsafeBufferPointer { UTF8Decoding.firstInvalidOffset($0) == nil }
        guard valid else { throw location.error("is not valid UTF-8") }
        var line = rawLine
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard let (name, value) = Self.split(line, comments: true) else { return }
        try assign(name: name, value: value, at: location)
    }

    private mutating func assign(name: String, value: String?, at location: ConfigLocation) throws(ConfigError) {
        guard !name.isEmpty else {
            throw location.error(value == nil ? "missing setting name" : "missing setting name before '='")
        }
        guard let descriptor = Settings.descriptor(named: name) else {
            throw location.error("unknown setting \(quoted(name))")
        }
        do {
            try descriptor.assign(value, to: &settings)
        } catch {
            throw location.error(error.message)
        }
        assignments += 1
        lastSet[name] = (assignments, location)
    }

    /// Splits a line into name and value (nil when there is no `=`), or
    /// returns nil for a blank or comment line.
    static func split(_ line: ArraySlice<UInt8>, comments: Bool) -> (String, String?)? {
        var text = trim(line)
        if comments {
            if text.first == UInt8(ascii: "#") { return nil }
            // A `#` starts a comment only after whitespace, so that values
            // such as `badwords = c#` keep their `#`.
            var previous: UInt8 = 0
            for index in text.indices {
                let byte = text[index]
                if byte == UInt8(ascii: "#"), isBlank(previous) {
                    text = trim(text[..<index])
                    break
                }
                previous = byte
            }
        }
        if text.isEmpty { return comments ? nil : ("", nil) }
        guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else {
            return (String(decoding: text, as: UTF8.self), nil)
        }
        let name = String(decoding: trim(text[..<equals]), as: UTF8.self)
        let value = String(decoding: trim(text[(equals + 1)...]), as: UTF8.self)
        return (name, value)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var result = bytes
        while let first = result.first, isBlank(first) { result = result.dropFirst() }
        while let last = result.last, isBlank(last) { result = result.dropLast() }
        return result
    }
}

extension Settings {
    /// Parses configuration text over the defaults.
    ///
    /// - Parameters:
    ///   - text: The contents of a configuration file.
    ///   - source: How errors name the text, usually its path.
    /// - Returns: The defaults with the text's assignments applied.
    /// - Throws: ``ConfigError`` naming `source` and the line at fault.
    public static func parse(text: String, source: String = "<text>") throws(ConfigError) -> Settings {
        var builder = SettingsBuilder()
        try builder.apply(text: Array(text.utf8), source: source)
        return try builder.finish()
    }
}
