import Foundation
import XCTest
import TestSupport

/// The real chpasswd and passwd, with pam_pwguard in common-password, in a
/// private mount namespace: a copy of /etc is bind-mounted over /etc, so
/// the tools read and write the copy's pam.d, passwd and shadow, and the
/// host's files are never touched.
final class ShadowToolTests: XCTestCase {
    static let strong = "Correct-Horse-42x-Battery"

    /// Runs `steps` (shell) inside the namespace, after setting up the copy
    /// of /etc with a test user `pwtest` and pam_pwguard before pam_unix.
    func inNamespace(_ steps: String) throws -> CommandResult {
        try BuiltProducts.require(BuiltProducts.module)
        try Requirement.requireRoot("a private mount namespace")
        let unshare = try requireExecutable("unshare")
        _ = try requireExecutable("chpasswd")
        let scratch = try ScratchDirectory("shadow-tools")
        let script = """
            set -eu
            root=\(scratch.path)
            cp -a /etc "$root/etc"
            echo 'pwtest:x:4242:4242:Pat Tester,,,:/nonexistent:/bin/sh' >> "$root/etc/passwd"
            echo 'pwtest:x:4242:' >> "$root/etc/group"
            echo 'pwtest:$6$rounds=5000$Ff9yYVq2$0WcKcVnH0q4cEa9x1WOBSNMXVQ4a8t7s2pRdNHnNGp8OSE4hGqz6mUVBnMXCMGq0w3T/HhaAbBl8u8zMoLVD81:19000:0:99999:7:::' >> "$root/etc/shadow"
            cat > "$root/etc/pam.d/common-password" <<'EOF'
            password requisite \(BuiltProducts.module) conf=/dev/null enforce_for_root
            password [success=1 default=ignore] pam_unix.so use_authtok yescrypt
            password requisite pam_deny.so
            password required pam_permit.so
            EOF
            mount --bind "$root/etc" /etc
            shadow_line() { grep '^pwtest:' /etc/shadow; }
            \(steps)
            """
        return try runCommand(unshare, ["--mount", "--propagation", "private", "/bin/sh", "-c", script], in: scratch)
    }

    func testChpasswdRejectsWeakLeavingShadowIdenticalAndAcceptsStrong() throws {
        let result = try inNamespace("""
            before=$(sha256sum /etc/shadow)
            if echo 'pwtest:password1' | chpasswd; then echo "weak=accepted"; else echo "weak=rejected"; fi
            [ "$before" = "$(sha256sum /etc/shadow)" ] && echo "weak_shadow=identical" || echo "weak_shadow=changed"
            old=$(shadow_line)
            if echo 'pwtest:\(Self.strong)' | chpasswd; then echo "strong=accepted"; else echo "strong=rejected"; fi
            [ "$old" = "$(shadow_line)" ] && echo "strong_hash=same" || echo "strong_hash=changed"
            shadow_line | cut -d: -f2 | cut -c1-3
            """)
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.output.contains("weak=rejected"), result.all)
        XCTAssertTrue(result.output.contains("weak_shadow=identical"), result.all)
        XCTAssertTrue(result.errors.contains("BAD PASSWORD: The password is based on a dictionary word"), result.all)
        XCTAssertTrue(result.output.contains("strong=accepted"), result.all)
        XCTAssertTrue(result.output.contains("strong_hash=changed"), result.all)
        XCTAssertTrue(result.output.contains("$y$"), "pam_unix wrote a yescrypt hash: \(result.all)")
        let hostShadow = try String(contentsOfFile: "/etc/shadow", encoding: .utf8)
        XCTAssertFalse(hostShadow.contains("pwtest:"), "the host's shadow file is untouched")
    }

    func testPasswdWithScriptedInput() throws {
        let result = try inNamespace("""
            before=$(sha256sum /etc/shadow)
            if printf 'qwerty123\\n' | passwd pwtest; then echo "weak=accepted"; else echo "weak=rejected"; fi
            [ "$before" = "$(sha256sum /etc/shadow)" ] && echo "weak_shadow=identical" || echo "weak_shadow=changed"
            old=$(shadow_line)
            if printf '%s\\n%s\\n' '\(Self.strong)' '\(Self.strong)' | passwd pwtest; then echo "strong=accepted"; else echo "strong=rejected"; fi
            [ "$old" = "$(shadow_line)" ] && echo "strong_hash=same" || echo "strong_hash=changed"
            """)
        XCTAssertEqual(result.status, 0, result.all)
        XCTAssertTrue(result.output.contains("weak=rejected"), result.all)
        XCTAssertTrue(result.output.contains("weak_shadow=identical"), result.all)
        XCTAssertTrue(result.all.contains("BAD PASSWORD:"), result.all)
        XCTAssertTrue(result.output.contains("strong=accepted"), result.all)
        XCTAssertTrue(result.output.contains("strong_hash=changed"), result.all)
    }
}
