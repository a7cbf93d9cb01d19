// The C interface declared in include/pwguard.h, exported with @_cdecl.
//
// Everything here runs inside other programs (the PAM module's host:
// passwd, sshd, login), so no function may trap: every pointer from C is
// checked for NULL, every index for range, and no Foundation is used.
// Handles are Swift objects passed to C as retained opaque pointers.

import CPwguard
import PasswordPolicy
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The state behind a `pwguard_settings *`: immutable once made, so shared
/// between threads freely.
final class SettingsHandle {
    let checker: PasswordChecker
    /// `pwguard_settings_breach_error`'s string, owned by the handle.
    let breachError: UnsafeMutablePointer<CChar>?

    init(checker: PasswordChecker) {
        self.checker = checker
        self.breachError = checker.breachDatabaseError.flatMap { duplicateCString($0.description) }
    }

    deinit { free(breachError) }
}

/// The state behind a `pwguard_verdict *`: C strings made once, freed with it.
final class VerdictHandle {
    let accepted: Bool
    let guessesLog10: Double
    let codes: [UnsafeMutablePointer<CChar>?]
    let messages: [UnsafeMutablePointer<CChar>?]
    let breachError: UnsafeMutablePointer<CChar>?

    init(_ verdict: Verdict) {
        accepted = verdict.accepted
        guessesLog10 = verdict.estimate?.guessesLog10 ?? -1
        codes = verdict.reasons.map { duplicateCString($0.code.rawValue) }
        messages = verdict.reasons.map { duplicateCString($0.message) }
        breachError = verdict.breachCheckError.flatMap { duplicateCString($0.description) }
    }

    deinit {
        codes.forEach { free($0) }
        messages.forEach { free($0) }
        free(breachError)
    }
}

/// A malloc'd copy of `text`, freed with free(3) (`pwguard_string_free`).
func duplicateCString(_ text: String) -> UnsafeMutablePointer<CChar>? {
    text.withCString { strdup($0) }
}

/// Statuses, as `pwguard_status` in the header.
enum Status {
    case ok, argument, config, unknownSetting

    var rawValue: Int32 {
        let status: pwguard_status
        switch self {
        case .ok: status = PWGUARD_OK
        case .argument: status = PWGUARD_ERR_ARGUMENT
        case .config: status = PWGUARD_ERR_CONFIG
        case .unknownSetting: status = PWGUARD_ERR_UNKNOWN_SETTING
        }
        return Int32(bitPattern: status.rawValue)
    }
}

@_cdecl("pwguard_abi_version")
public func pwguardABIVersion() -> UInt32 { UInt32(PWGUARD_ABI_VERSION) }

/// Static storage for `pwguard_version`: made once, never freed.
nonisolated(unsafe) private let versionCString: UnsafeMutablePointer<CChar>? = duplicateCString(Release.version)

@_cdecl("pwguard_version")
public func pwguardVersion() -> UnsafePointer<CChar>? {
    UnsafePointer(versionCString)
}

@_cdecl("pwguard_settings_load")
public func pwguardSettingsLoad(
    _ configPath: UnsafePointer<CChar>?,
    _ overrides: UnsafePointer<UnsafePointer<CChar>?>?,
    _ overrideCount: Int,
    _ out: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    error?.pointee = nil
    guard let out else { return fail(.argument, "out is NULL", error) }
    out.pointee = nil
    guard overrideCount >= 0, overrideCount <= 4096, overrides != nil || overrideCount == 0 else {
        return fail(.argument, "overrides is NULL or override_count is out of range", error)
    }
    var arguments: [String] = []
    if let overrides {
        for index in 0..<overrideCount {
            guard let argument = overrides[index] else { return fail(.argument, "override \(index) is NULL", error) }
            arguments.append(String(cString: argument))
        }
    }
    let settings: Settings
    do {
        settings = try Settings.load(configFile: configPath.map { String(cString: $0) }, overrides: arguments)
    } catch let failure {
        return fail(.config, failure.description, error)
    }
    let handle = SettingsHandle(checker: PasswordChecker(settings: settings))
    out.pointee = OpaquePointer(Unmanaged.passRetained(handle).toOpaque())
    return Status.ok.rawValue
}

@_cdecl("pwguard_settings_get_int")
public func pwguardSettingsGetInt(
    _ settings: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ value: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let handle = settingsHandle(settings), let name, let value else { return Status.argument.rawValue }
    guard let number = handle.checker.settings.integerValue(named: String(cString: name)) else {
        return Status.unknownSetting.rawValue
    }
    value.pointee = number
    return Status.ok.rawValue
}

@_cdecl("pwguard_settings_breach_error")
public func pwguardSettingsBreachError(_ settings: OpaquePointer?) -> UnsafePointer<CChar>? {
    settingsHandle(settings).flatMap { UnsafePointer($0.breachError) }
}

@_cdecl("pwguard_settings_free")
public func pwguardSettingsFree(_ settings: OpaquePointer?) {
    guard let settings else { return }
    Unmanaged<SettingsHandle>.fromOpaque(UnsafeRawPointer(settings)).release()
}

@_cdecl("pwguard_check")
public func pwguardCheck(
    _ settings: OpaquePointer?,
    _ password: UnsafePointer<CChar>?,
    _ length: Int,
    _ context: UnsafePointer<pwguard_context>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let out else { return Status.argument.rawValue }
    out.pointee = nil
    guard let handle = settingsHandle(settings), length >= 0, password != nil || length == 0 else {
        return Status.argument.rawValue
    }
    // Only as many bytes as the policy could accept are copied: longer
    // input is rejected as too long on its length alone.
    let limit = handle.checker.inputByteLimit + 1
    var bytes = copyBytes(password, min(length, limit))
    defer { bytes.wipe() }
    var userContext = UserContext()
    if let context {
        userContext.login = context.pointee.login.map { String(cString: $0) }
        userContext.fullName = context.pointee.gecos.map { String(cString: $0) }
        if let old = context.pointee.old_password, context.pointee.old_password_length >= 0 {
            userContext.oldPassword = copyBytes(old, min(context.pointee.old_password_length, limit))
        }
    }
    defer { userContext.oldPassword?.wipe() }
    let verdict = handle.checker.check(bytes, context: userContext)
    out.pointee = OpaquePointer(Unmanaged.passRetained(VerdictHandle(verdict)).toOpaque())
    return Status.ok.rawValue
}

@_cdecl("pwguard_verdict_accepted")
public func pwguardVerdictAccepted(_ verdict: OpaquePointer?) -> Int32 {
    (verdictHandle(verdict)?.accepted ?? false) ? 1 : 0
}

@_cdecl("pwguard_verdict_reason_count")
public func pwguardVerdictReasonCount(_ verdict: OpaquePointer?) -> Int {
    verdictHandle(verdict)?.codes.count ?? 0
}

@_cdecl("pwguard_verdict_reason_code")
public func pwguardVerdictReasonCode(_ verdict: OpaquePointer?, _ index: Int) -> UnsafePointer<CChar>? {
    guard let handle = verdictHandle(verdict), handle.codes.indices.contains(index) else { return nil }
    return UnsafePointer(handle.codes[index])
}

@_cdecl("pwguard_verdict_reason_message")
public func pwguardVerdictReasonMessage(_ verdict: OpaquePointer?, _ index: Int) -> UnsafePointer<CChar>? {
    guard let handle = verdictHandle(verdict), handle.messages.indices.contains(index) else { return nil }
    return UnsafePointer(handle.messages[index])
}

@_cdecl("pwguard_verdict_guesses_log10")
public func pwguardVerdictGuessesLog10(_ verdict: OpaquePointer?) -> Double {
    verdictHandle(verdict)?.guessesLog10 ?? -1
}

@_cdecl("pwguard_verdict_breach_error")
public func pwguardVerdictBreachError(_ verdict: OpaquePointer?) -> UnsafePointer<CChar>? {
    verdictHandle(verdict).flatMap { UnsafePointer($0.breachError) }
}

@_cdecl("pwguard_verdict_free")
public func pwguardVerdictFree(_ verdict: OpaquePointer?) {
    guard let verdict else { return }
    Unmanaged<VerdictHandle>.fromOpaque(UnsafeRawPointer(verdict)).release()
}

@_cdecl("pwguard_string_free")
public func pwguardStringFree(_ string: UnsafeMutablePointer<CChar>?) {
    free(string)
}

// MARK: - Helpers

private func settingsHandle(_ pointer: OpaquePointer?) -> SettingsHandle? {
    guard let pointer else { return nil }
    return Unmanaged<SettingsHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

private func verdictHandle(_ pointer: OpaquePointer?) -> VerdictHandle? {
    guard let pointer else { return nil }
    return Unmanaged<VerdictHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

private func copyBytes(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> [UInt8] {
    guard let pointer, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: count))
}

private func fail(_ status: Status, _ message: String,
                  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    error?.pointee = duplicateCString(message)
    return status.rawValue
}
