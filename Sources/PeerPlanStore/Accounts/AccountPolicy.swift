import Foundation

/// How accounts, sign-in and web sessions behave. Every figure is a PeerPlan default with its
/// reason; tests shorten the slow or long ones (`bcryptCost`, the windows) through the initialiser.
package struct AccountPolicy: Sendable, Equatable {
    /// bcrypt work factor (log2 of the rounds). PeerPlan default: 12, hummingbird-auth's own
    /// default and above the minimum of 10 the OWASP Password Storage Cheat Sheet gives for bcrypt;
    /// about a quarter of a second per hash on this project's 2-core machine. Tests use 4.
    package var bcryptCost: UInt8
    /// PeerPlan default: 12 characters. NIST SP 800-63B asks for at least 8; a password is the
    /// only factor here, and principals' accounts open personnel decisions, so a little more.
    package var minimumPasswordLength: Int
    /// bcrypt reads only the first 72 bytes of a password; a longer one would be silently cut, so
    /// it is refused instead.
    package var maximumPasswordBytes: Int
    /// Failed sign-ins for one email within `throttleWindow` after which further attempts are
    /// refused (even with the right password) until the window has passed. PeerPlan default:
    /// 5 in 15 minutes (issue 11).
    package var maximumFailedSignIns: Int
    package var throttleWindow: TimeInterval
    /// A session ends after this long without a request. PeerPlan default: 30 minutes, the
    /// inactivity limit OWASP ASVS 4.0.3 §3.3.2 gives for level 2 applications.
    package var sessionIdleTimeout: TimeInterval
    /// A session ends this long after sign-in, however active. PeerPlan default: 12 hours (OWASP
    /// ASVS 4.0.3 §3.3.2): one working day, then sign in again.
    package var sessionAbsoluteTimeout: TimeInterval
    /// How often a session's last-seen time is written back: reading a page is not a write
    /// each time. PeerPlan default: 60 s, small against the idle timeout.
    package var sessionTouchInterval: TimeInterval

    package init(bcryptCost: UInt8 = 12, minimumPasswordLength: Int = 12, maximumPasswordBytes: Int = 72,
                maximumFailedSignIns: Int = 5, throttleWindow: TimeInterval = 15 * 60,
                sessionIdleTimeout: TimeInterval = 30 * 60, sessionAbsoluteTimeout: TimeInterval = 12 * 3600,
                sessionTouchInterval: TimeInterval = 60) {
        self.bcryptCost = bcryptCost
        self.minimumPasswordLength = minimumPasswordLength
        self.maximumPasswordBytes = maximumPasswordBytes
        self.maximumFailedSignIns = maximumFailedSignIns
        self.throttleWindow = throttleWindow
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.sessionTouchInterval = sessionTouchInterval
    }

    /// The PeerPlan defaults.
    package static let standard = AccountPolicy()
}
