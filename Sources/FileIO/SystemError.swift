#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain-language names for the system's error numbers and file types.
public enum SystemError {
    /// The system's message for an `errno` value, such as "Permission denied".
    public static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// The message for a file that could not be opened or examined: the system's, except for `-` where there is no
    /// such file, which is standard input named where a file must be (only masks are read from standard input).
    public static func message(_ code: Int32, opening path: String) -> String {
        guard code == ENOENT, path == "-" else { return message(code) }
        return "no file named '-': standard input is read only for masks (`ganfilter features -`, `ganfilter filter -`); save this input to a file and name that"
    }

    /// Why a file of `mode` that is not a regular file is not read where a file must be: its kind, and for a pipe
    /// (a FIFO, process substitution's `<(...)`, `/dev/stdin`) or another stream, that it is to be saved to a file
    /// first. Such an input is read in more than one pass, or digested before it is read, so a stream cannot
    /// stand for it; only masks are read from standard input (`-`).
    public static func notRegularFile(_ mode: mode_t) -> String {
        let kind = mode & S_IFMT
        guard kind == S_IFIFO || kind == S_IFCHR || kind == S_IFSOCK else { return "not a regular file (\(fileKind(mode)))" }
        return "not a regular file (\(fileKind(mode))): a table, model or vector file is read from a file, not from a pipe or "
            + "<(...); save this input to a file and name that"
    }

    /// What kind of file a `st_mode` describes: "regular file", "directory", "FIFO"...
    public static func fileKind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "regular file"
        case S_IFDIR: return "directory"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFLNK: return "symbolic link"
        default: return "special file"
        }
    }
}
