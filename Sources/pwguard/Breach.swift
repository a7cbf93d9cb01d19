import ArgumentParser

/// `pwguard breach`: the offline breached-password list.
struct Breach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build and query an offline list of breached passwords.",
        discussion: """
            pwguard checks new passwords against Have I Been Pwned's Pwned \
            Passwords offline: `breach build` compresses the downloaded hashes \
            (or plain password lists) into a database of about 36 bits per \
            entry; `check` uses it through the breach_db setting.

            Exit status: 0 success (query: nothing breached), 1 (query) at least \
            one password breached, 2 an error.
            """,
        subcommands: [BreachBuild.self, BreachQuery.self, BreachInfo.self]
    )
}
