import ArgumentParser
import PasswordPolicy

/// `pwguard breach query`: looks passwords up in a database.
struct BreachQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Look up passwords read from standard input, one per line.",
        discussion: """
            For each line: `breached COUNT` or `not found`; with --json, an \
            object with `breached` and `count`. COUNT is the lower bound of \
            the count's tier (1, 2, 10, 100, ...: the database keeps decade \
            tiers), or the database's minimum count if higher; 0 when not found. \
            The hash (SHA-1 or NTLM) is the database's.

            Exit status: 0 nothing breached, 1 at least one password breached, \
            2 an error (a missing or damaged database, an unreadable input).
            """
    )

    @Option(help: ArgumentHelp("The database, from `pwguard breach build`.", valueName: "file"))
    var db: String

    @Flag(help: "Write one JSON object per password.")
    var json = false

    @Flag(name: .customLong("no-mmap"), help: .hidden)
    var noMmap = false

    /// Longer lines are refused rather than hashed cut.
    static let maxLineBytes = 1 << 16

    func run() throws {
        let database: BreachDatabase
        do {
            // Automatic: a handful of passwords costs two preads each, a long
            // list switches to the mapping after its first lookups.
            database = try BreachDatabase.open(path: db, access: noMmap ? .read : .automatic)
        } catch {
            throw CommandFailure(message: error.description)
        }
        var output = FileOutput(fd: 1)
        defer { output.flush() }
        var reader = LineReader(fd: 0, maxLineBytes: Self.maxLineBytes)
        var lineNumber = 0
        var anyBreached = false
        try reader.forEachLine(beforeRead: { output.flush() }) { line, truncated in
            lineNumber += 1
            guard !truncated else {
                throw CommandFailure(message: "standard input line \(lineNumber): longer than \(Self.maxLineBytes) bytes")
            }
            let match: BreachMatch?
            do {
                match = try database.lookup(password: line)
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            if match != nil { anyBreached = true }
            if json {
                output.write("{\"breached\":\(match != nil),\"count\":\(match?.count ?? 0)}\n")
            } else if let match {
                output.write("breached \(match.count)\n")
            } else {
                output.write("not found\n")
            }
        }
        if anyBreached { throw ExitCode(1) }
    }
}
