/// pwguard's release, reported by `pwguard --version`, the C library and the PAM module.
public enum Release {
    /// The release number.
    public static let version = "0.4.0"
}
