import Foundation
import XCTest
@testable import BreachBuild
@testable import PasswordPolicy

/// Generated breach data and a scratch directory for the breach tests.
///
/// Hashes come from a seeded generator, so every run builds the same files;
/// counts follow the shape of Have I Been Pwned's (a third 1, a tail of
/// large ones) so that every tier occurs.
final class BreachScratch {
    let directory: URL

    init(_ name: String) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pwguard-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        return path(name)
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        return path(name)
    }
}

/// One generated entry: a digest and how often it was "seen".
struct BreachEntry {
    var digest: [UInt8]
    var count: UInt64
    var hex: String { BreachHash.hex(digest) }
}

/// A deterministic generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum BreachData {
    /// `count` distinct random digests of `length` bytes, sorted, with counts
    /// spread over every tier.
    static func entries(_ count: Int, length: Int = 20, seed: UInt64 = 1) -> [BreachEntry] {
        var random = SeededGenerator(state: seed)
        var seen = Set<[UInt8]>()
        var result: [BreachEntry] = []
        while result.count < count {
            let digest = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            guard seen.insert(digest).inserted else { continue }
            let roll = random.next() % 100
            let value: UInt64
            switch roll {
            case 0..<33: value = 1
            case 33..<80: value = 2 + random.next() % 8
            case 80..<95: value = 10 + random.next() % 90
            case 95..<98: value = 100 + random.next() % 900
            case 98: value = 1000 + random.next() % 99_000
            default: value = 100_000 + random.next() % 5_000_000_000
            }
            result.append(BreachEntry(digest: digest, count: value))
        }
        return result.sorted { $0.digest.lexicographicallyPrecedes($1.digest) }
    }

    /// `HEX:COUNT` lines, as the Have I Been Pwned downloader writes them.
    static func text(_ entries: [BreachEntry], lineEnd: String = "\n") -> String {
        entries.map { "\($0.hex):\($0.count)\(lineEnd)" }.joined()
    }

    /// Random digests that are not in `entries`.
    static func nonMembers(_ count: Int, of entries: [BreachEntry], seed: UInt64 = 99) -> [[UInt8]] {
        let members = Set(entries.map(\.digest))
        let length = entries.first?.digest.count ?? 20
        var random = SeededGenerator(state: seed)
        var result: [[UInt8]] = []
        while result.count < count {
            let digest = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if !members.contains(digest) { result.append(digest) }
        }
        return result
    }

    /// The count the database reports for `count` (its tier's lower bound,
    /// or the file's minimum count if higher), stored counts saturating at 2^32-1.
    static func reported(_ count: UInt64, minimum: UInt64 = 1) -> UInt64 {
        max(BreachTiers.lowerBound(BreachTiers.tier(of: min(count, UInt64(UInt32.max)))), minimum)
    }
}

extension XCTestCase {
    /// Builds a database and returns its path and the build report.
    func buildDatabase(_ inputs: [String], in scratch: BreachScratch, name: String = "test.pwgdb",
                       configure: (inout BreachBuildOptions) -> Void = { _ in }) throws -> (path: String, report: BreachBuildReport) {
        var options = BreachBuildOptions()
        configure(&options)
        let output = scratch.path(name)
        let report = try BreachBuilder.build(inputs: inputs, output: output, options: options)
        return (output, report)
    }

    /// Asserts that `body` throws a ``BreachError`` of `kind`; returns it.
    @discardableResult
    func assertBreachError<T>(_ kind: BreachError.Kind, file: StaticString = #filePath, line: UInt = #line,
                              _ body: () throws -> T) -> BreachError? {
        do {
            _ = try body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let error as BreachError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }
}
