import XCTest
@testable import CredentialAudit

/// Ageing and file-permission rules, on fixed days and modes.
final class AuditRulesTests: XCTestCase {
    private func codes(_ ageing: PasswordAgeing, today: Int = 20_000) -> [FindingCode] {
        AgeingRules.findings(ageing, today: today, maxAgeDays: 365).map(\.code)
    }

    private func ageing(last: Int?, max: Int? = nil, inactive: Int? = nil) -> PasswordAgeing {
        PasswordAgeing(ShadowEntry(login: "u", password: "x", lastChange: last, maxDays: max, inactiveDays: inactive))
    }

    func testAgeingFindings() {
        XCTAssertEqual(codes(ageing(last: 19_990, max: 90)), [])
        XCTAssertEqual(codes(ageing(last: 19_990, max: 99_999)), [.neverExpires])
        XCTAssertEqual(codes(ageing(last: 19_990)), [.neverExpires])
        XCTAssertEqual(codes(ageing(last: nil)), [.neverExpires])
        XCTAssertEqual(codes(ageing(last: 19_800, max: 90)), [.expired])
        XCTAssertEqual(codes(ageing(last: 19_000, max: 90)), [.expired, .passwordTooOld])
        XCTAssertEqual(codes(ageing(last: 19_000)), [.passwordTooOld, .neverExpires])
        XCTAssertEqual(codes(ageing(last: 0, max: 90)), [.expired])
        XCTAssertEqual(codes(ageing(last: 20_010, max: 90)), [.lastChangeInFuture])
        let detail = AgeingRules.findings(ageing(last: 19_800, max: 90, inactive: 30), today: 20_000, maxAgeDays: 365)
        XCTAssertEqual(detail.first?.detail, "expired 110 days ago (maximum age 90 days); the 30-day inactivity period is over too")
    }

    func testDayOfUnixTime() {
        XCTAssertEqual(AgeingRules.day(ofUnixTime: 0), 0)
        XCTAssertEqual(AgeingRules.day(ofUnixTime: 86_399), 0)
        XCTAssertEqual(AgeingRules.day(ofUnixTime: 86_400 * 19_000 + 5), 19_000)
        XCTAssertEqual(AgeingRules.day(ofUnixTime: -1), -1)
    }

    func testShadowPermissions() {
        func codes(uid: UInt32 = 0, gid: UInt32 = 42, mode: UInt32) -> [FileFindingCode] {
            FilePermissionRules.findings(path: "s", format: .shadow, status: FileStatus(uid: uid, gid: gid, mode: mode),
                                         shadowGroup: 42).map(\.code)
        }
        XCTAssertEqual(codes(mode: 0o640), [])
        XCTAssertEqual(codes(gid: 0, mode: 0o600), [])
        XCTAssertEqual(codes(mode: 0o644), [.shadowWorldReadable])
        XCTAssertEqual(codes(mode: 0o660), [.shadowWritable])
        XCTAssertEqual(codes(mode: 0o666), [.shadowWorldReadable, .shadowWritable])
        XCTAssertEqual(codes(gid: 100, mode: 0o640), [.shadowGroupReadable])
        XCTAssertEqual(codes(uid: 1000, mode: 0o640), [.shadowWrongOwner])
    }

    func testOtherStorePermissions() {
        func codes(_ mode: UInt32) -> [FileFindingCode] {
            FilePermissionRules.findings(path: "h", format: .htpasswd, status: FileStatus(uid: 0, gid: 33, mode: mode),
                                         shadowGroup: 42).map(\.code)
        }
        XCTAssertEqual(codes(0o640), [])
        XCTAssertEqual(codes(0o644), [.storeWorldReadable])
        XCTAssertEqual(codes(0o646), [.storeWorldReadable, .storeWorldWritable])
    }
}
