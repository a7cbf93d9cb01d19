import Foundation
@testable import PasswordPolicy
import XCTest

/// The library's own log10 and 10^x (GuessMath) against libm's, which the
/// library no longer calls: the PAM module must not load libm.
final class GuessMathTests: XCTestCase {
    func testLog10AgreesWithLibm() {
        var random = TestRandom(seed: 20261129)
        for _ in 0..<200_000 {
            // Every magnitude, subnormals included.
            let x = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            guard x > 0 else { continue }
            let mine = GuessMath.log10(x), libm = Foundation.log10(x)
            XCTAssertEqual(mine, libm, accuracy: 1e-15 * max(1, abs(libm)), "log10(\(x))")
        }
        for n in 1..<100_000 {
            XCTAssertEqual(GuessMath.log10(Double(n)), Foundation.log10(Double(n)), accuracy: 1e-15, "log10(\(n))")
        }
        for k in 0...22 {
            XCTAssertEqual(GuessMath.log10(Foundation.pow(10, Double(k))), Double(k), accuracy: 4e-15, "log10(1e\(k))")
        }
        XCTAssertEqual(GuessMath.log10(0), 0)
        XCTAssertEqual(GuessMath.log10(-5), 0)
        XCTAssertEqual(GuessMath.log10(.infinity), .infinity)
        XCTAssertEqual(GuessMath.log10(.nan), 0)
    }

    func testExp10AgreesWithLibm() {
        var random = TestRandom(seed: 20261129)
        for _ in 0..<200_000 {
            let x = Double(random.next() % 640_000_001) / 1_000_000 - 320   // -320 ... 320
            let mine = GuessMath.exp10(x), libm = Foundation.pow(10, x)
            if libm.isInfinite {
                XCTAssertTrue(mine.isInfinite || mine > 1e308, "exp10(\(x)) = \(mine)")
            } else if libm < 1e-307 {
                XCTAssertEqual(mine, libm, accuracy: 1e-320, "exp10(\(x))")   // subnormal: absolute
            } else {
                XCTAssertEqual(mine, libm, accuracy: 4e-15 * libm, "exp10(\(x))")
            }
        }
        for k in -20...22 {
            XCTAssertEqual(GuessMath.exp10(Double(k)), Foundation.pow(10, Double(k)), accuracy: 4e-16 * Foundation.pow(10, Double(k)))
        }
        XCTAssertEqual(GuessMath.exp10(0), 1)
        XCTAssertEqual(GuessMath.exp10(400), .infinity)
        XCTAssertEqual(GuessMath.exp10(-400), 0)
        XCTAssertTrue(GuessMath.exp10(.nan).isNaN)
    }

    func testBinomialsAgreeWithLgamma() {
        for n in stride(from: 1, through: 5000, by: 7) {
            for k in [1, 2, 3, n / 3, n / 2, n - 1] where k > 0 && k < n {
                let libm = (lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)) / M_LN10
                XCTAssertEqual(GuessMath.log10Binomial(n, k), libm, accuracy: 1e-11 * max(1, libm), "C(\(n), \(k))")
            }
        }
        XCTAssertEqual(GuessMath.log10Add(3, 3), 3 + Foundation.log10(2), accuracy: 1e-15)
        XCTAssertEqual(GuessMath.log10Add(300, 0), 300)
    }
}
