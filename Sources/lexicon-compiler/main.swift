// lexicon-compiler WORDLIST_DIR OUTPUT
//
// Compiles the word lists named in WORDLIST_DIR/lists.txt (one name per line,
// in list-id order) from WORDLIST_DIR/NAME.txt (one word per line, most
// frequent first) into the binary lexicon (docs/lexicon.md), normally
// Sources/CLexiconData/lexicon.bin. The output is written atomically so an
// interrupted run never leaves a half-written file for #embed to pick up.

import Foundation
import PasswordPolicy

/// Prints to stderr and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("lexicon-compiler: \(message)\n".utf8))
    exit(1)
}

/// The lines of a file as raw bytes, without the newline characters. A final
/// line without a newline counts; the empty "line" after a final newline does not.
func lines(ofFile path: String) -> [[UInt8]] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    var result = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
    if result.last?.isEmpty == true { result.removeLast() }
    return result
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    fail("usage: lexicon-compiler WORDLIST_DIR OUTPUT")
}
let directory = URL(fileURLWithPath: arguments[1], isDirectory: true)
let output = URL(fileURLWithPath: arguments[2])

let listNames = lines(ofFile: directory.appendingPathComponent("lists.txt").path)
    .map { String(decoding: $0, as: UTF8.self) }
    .filter { !$0.isEmpty }
guard !listNames.isEmpty else { fail("no list names in lists.txt") }
guard listNames.count <= 16 else { fail("\(listNames.count) lists; the format holds at most 16") }

var builder = LexiconBuilder()
for name in listNames {
    let words = lines(ofFile: directory.appendingPathComponent(name + ".txt").path)
    // The builder silently skips what the format cannot hold; the word lists
    // are supposed to be clean already, so say so loudly here instead.
    let unusable = words.filter { $0.isEmpty || $0.count > 31 }.count
    if unusable > 0 {
        FileHandle.standardError.write(Data("lexicon-compiler: warning: \(name): \(unusable) empty or over-long lines skipped\n".utf8))
    }
    builder.addList(name: name, words: words)
    print("\(name): \(words.count) lines")
}

let bytes = builder.build()
// Validate what we are about to commit with the same reader the library uses.
let ok = bytes.withUnsafeBytes { buffer -> (Int, Bool)? in
    guard let lexicon = Lexicon(validating: buffer) else { return nil }
    return (lexicon.count, lexicon.verifyChecksum())
}
guard let (entries, checksumOK) = ok, checksumOK else { fail("the built lexicon does not validate") }

do {
    try Data(bytes).write(to: output, options: .atomic)
} catch {
    fail("cannot write \(output.path): \(error)")
}
print("\(entries) entries, \(bytes.count) bytes -> \(output.path)")
