#if canImport(Glibc)
import Glibc
#endif

/// Figures as the breach commands print them: C's printf conversions, the
/// text Foundation's `String(format:)` gave (it hands doubles to the C
/// library too), without Foundation, whose formatting would link ICU into
/// the CLI. pwguard never calls setlocale(3), so the C locale applies: a
/// decimal point, no grouping.
enum NumberText {
    /// `value` with `decimals` digits after the point, right-aligned in at
    /// least `width` characters: printf's `%WIDTH.DECIMALSf`.
    static func fixed(_ value: Double, decimals: Int, width: Int = 0) -> String {
        printf(width > 0 ? "%\(width).\(decimals)f" : "%.\(decimals)f", value)
    }

    /// `value` to `digits` significant digits, with an exponent when it is
    /// very small or large: printf's `%.DIGITSg`.
    static func significant(_ value: Double, digits: Int) -> String {
        printf("%.\(digits)g", value)
    }

    /// One double through vsnprintf(3) with `format`, which must convert
    /// exactly one double.
    private static func printf(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        while true {
            let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
            guard length >= 0 else { return "" }
            if Int(length) < buffer.count { return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
            // Truncated (1e300 has 301 digits before the point): retry with room for all of it.
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
        }
    }
}
