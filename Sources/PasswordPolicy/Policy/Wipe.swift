#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Array where Element: BitwiseCopyable {
    /// Overwrites the array's storage with zero bytes, in a way the
    /// optimiser may not remove, so a password does not linger in memory
    /// after use.
    ///
    /// Only this array's storage is wiped: if a copy shares it, the copy is
    /// separated first and keeps the data, so wipe the last copy.
    public mutating func wipe() {
        withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            explicit_bzero(base, bytes.count)
        }
    }
}
