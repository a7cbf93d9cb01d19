/// The outcome of checking one password.
public struct Verdict: Sendable {
    /// Why the password was rejected, in ``ReasonCode`` declaration order,
    /// at most one reason per code. Empty when the password is accepted.
    public var reasons: [Reason]
    /// The estimator's analysis, or nil when the password was rejected
    /// before analysis (``ReasonCode/tooLong``).
    public var estimate: Estimate?

    /// Why the breached-password check could not be made for this
    /// password (`breach_db` set but unusable, or damaged where the password
    /// falls), so that callers can warn; nil when it was made or not asked for.
    public var breachCheckError: BreachError?

    /// True when no rule rejected the password.
    public var accepted: Bool { reasons.isEmpty }

    /// Creates a verdict from its reasons and estimate.
    public init(reasons: [Reason], estimate: Estimate?, breachCheckError: BreachError? = nil) {
        self.reasons = reasons
        self.estimate = estimate
        self.breachCheckError = breachCheckError
    }
}

/// One reason for rejecting a password.
public struct Reason: Sendable, Equatable {
    /// The stable code.
    public var code: ReasonCode
    /// A sentence for the user, in pam_pwquality's wording where it has one.
    /// It never quotes the password.
    public var message: String

    /// Creates a reason.
    public init(code: ReasonCode, message: String) {
        self.code = code
        self.message = message
    }
}
