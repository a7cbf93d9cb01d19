// guess-bench: runs pwguard's guessing engine on a shadow file, as
// `pwguard audit` does, and prints what the benchmark compares with john as
// one JSON object: accounts, accounts found, guesses, seconds, guesses per
// second, guesses per account found, and the logins found (never a
// password). Used by bench/audit/run.
//
//   guess-bench --shadow FILE [--passwd FILE] [--wordlist FILE]... [--methods LIST]
//               [--budget SECONDS] [--max-guesses N] [--threads N]
import CredentialAudit
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("guess-bench: \(message)\n".utf8))
    exit(2)
}

func parse<T>(_ value: String, _ flag: String, _ convert: (String) -> T?) -> T {
    guard let parsed = convert(value) else { fail("bad \(flag) \(value)") }
    return parsed
}

var shadowPath: String?
var passwdPath: String?
var options = GuessingOptions()
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--shadow": shadowPath = value
    case "--passwd": passwdPath = value
    case "--wordlist": options.wordlists.append(value)
    case "--budget": options.budgetSeconds = parse(value, flag) { Double($0) }
    case "--max-guesses": options.maxGuesses = parse(value, flag) { Int($0) }
    case "--threads": options.threads = parse(value, flag) { Int($0) }
    case "--methods":
        options.methods = Set(value.split(separator: ",").map { name in
            parse(String(name), flag) { GuessMethod(rawValue: $0) }
        })
    default: fail("unknown option \(flag)")
    }
}
guard let shadowPath else { fail("--shadow FILE is required") }

func readBytes(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    return [UInt8](data)
}

let shadow = ShadowFile(bytes: readBytes(shadowPath), path: shadowPath)
let passwd = passwdPath.map { PasswdFile(bytes: readBytes($0), path: $0) }
let targets = shadow.entries.enumerated().map { index, entry in
    // A locked hash is audited as the hash after the "!".
    let stored = entry.password.hasPrefix("!") ? String(entry.password.dropFirst()) : entry.password
    let account = passwd?.entry(for: entry.login)
    return GuessTarget(id: index, hash: PasswordHash(stored), login: entry.login,
                       gecos: account?.gecos ?? "", home: account?.home ?? "")
}

let start = Date()
let outcomes: [GuessOutcome]
do {
    outcomes = try GuessingEngine(options: options).run(targets, progress: nil)
} catch {
    fail("\(error)")
}
let seconds = Date().timeIntervalSince(start)
let found = outcomes.filter { $0.password != nil }
let guesses = outcomes.reduce(0) { $0 + $1.guessesTried }
var byMethod: [String: Int] = [:]
for outcome in found { byMethod[outcome.method?.rawValue ?? "?", default: 0] += 1 }
let summary: [String: Any] = [
    "accounts": targets.count,
    "found": found.count,
    "found_logins": found.map { targets[$0.id].login },
    "found_by_method": byMethod,
    "guesses": guesses,
    "seconds": seconds,
    "guesses_per_second": Double(guesses) / max(seconds, 1e-9),
    "guesses_per_found": found.isEmpty ? NSNull() : Double(guesses) / Double(found.count) as Any,
    "threads": options.threads,
]
let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
