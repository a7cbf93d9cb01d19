import Foundation

/// The built `pwguard` binary, for tests that run it as a user would.
///
/// The test target cannot link an executable, so the binary is found in the
/// build products directory: next to the test bundle (where `swift test`
/// builds every product), or under the package's `.build/debug`.
enum PwguardBinary {
    static let url: URL? = {
        let bundle = Bundle.main.bundleURL
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("pwguard"),
            bundle.deletingLastPathComponent().appendingPathComponent("pwguard"),
            packageRoot.appendingPathComponent(".build/debug/pwguard"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}
