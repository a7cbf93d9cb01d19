import Foundation
import XCTest

/// The CLI links no ICU. Foundation's internationalization layer and the
/// ICU data under it were three quarters of a statically linked pwguard
/// (62 MB stripped, 18 MB without); FoundationEssentials, which has no ICU,
/// covers what the CLI needs. One `import Foundation` in a module the CLI
/// links brings it all back, so these fail first.
final class BinaryFootprintTests: XCTestCase {
    /// Names that only ICU and Foundation's ICU-backed layer bring: the Swift
    /// module FoundationInternationalization (its mangled symbols, its
    /// shared library), Foundation's ICU build `_FoundationICU` (its shared
    /// library) and ICU's collation API `ucol_` (its C functions, present
    /// whenever ICU is linked in).
    static let icuMarkers = ["FoundationInternationalization", "_FoundationICU", "ucol_"]

    func testDebugBinaryLinksNoICU() throws {
        guard let binary = PwguardBinary.url else {
            XCTFail("pwguard binary not found next to the tests; run `swift build` first")
            return
        }
        try assertNoICU(binary.path)
    }

    func testReleaseBinaryLinksNoICU() throws {
        guard let binary = PwguardBinary.releaseURL else { throw XCTSkip("no release build in .build/release") }
        try assertNoICU(binary.path)
    }

    /// Looks for the markers in the binary's symbol table (what a static
    /// link pulled in, and what a dynamic one refers to) and in the shared
    /// libraries it loads, directly or through others (ldd).
    private func assertNoICU(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let symbols = try Self.output(of: "/usr/bin/nm", [path])
        // A stripped binary would pass for want of names: require the table.
        XCTAssertTrue(symbols.contains(" T main\n"), "\(path) has no symbol table to check", file: file, line: line)
        let libraries = try Self.output(of: "/usr/bin/ldd", [path])
        for marker in Self.icuMarkers {
            for listing in [symbols, libraries] {
                guard let found = listing.split(separator: "\n").first(where: { $0.contains(marker) }) else { continue }
                XCTFail("\(path) links ICU (\(found)): a module the CLI links imports Foundation, not "
                        + "FoundationEssentials; or the build is stale (an incremental debug build keeps a removed "
                        + "import's libraries until every file of the module is recompiled)", file: file, line: line)
            }
        }
    }

    /// What `executable` writes on standard output (read before waiting, so
    /// that a full pipe cannot block it); fails unless it exits 0.
    private static func output(of executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(executable) \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }
}
