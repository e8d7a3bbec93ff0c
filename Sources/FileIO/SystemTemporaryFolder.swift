#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's temporary folder (`TMPDIR`, else /tmp): where scratch files go (inflated `.npz` members, stacks
/// rewritten in C order, outputs spooled for a pipe), never beside the user's files.
package enum SystemTemporaryFolder {
    /// Its path, without a trailing `/`.
    package static var path: String {
        guard let value = getenv("TMPDIR") else { return "/tmp" }
        let text = String(cString: value)
        return text.isEmpty ? "/tmp" : (text.hasSuffix("/") ? String(text.dropLast()) : text)
    }
}
