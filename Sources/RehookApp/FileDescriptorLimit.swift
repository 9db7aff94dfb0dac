#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RehookVendors

/// The process's limit of open files: each request in flight holds a socket, so the default
/// ceiling of requests in flight is sized from it after raising the soft limit to the hard one
/// (as Go's runtime does), leaving room for the run's own files.
enum FileDescriptorLimit {
    /// Files kept free for the journal, rollback, plan and the runtime.
    static let reserved = 256
    /// The most requests in flight by default, however many files may be open.
    static let mostInFlight = 4096

    /// Raises the soft limit to the hard limit (once; failures leave it as it was) and returns
    /// the default in-flight ceiling it allows: min(4,096, soft limit − 256), at least 16.
    static let defaultInFlightCeiling: Int = {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return InFlightLimit.defaultCeiling }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        let soft = limits.rlim_cur == type(of: limits.rlim_cur).max ? UInt64(mostInFlight + reserved) : UInt64(limits.rlim_cur)
        return max(InFlightLimit.floor, min(mostInFlight, Int(clamping: soft) - reserved))
    }()
}
