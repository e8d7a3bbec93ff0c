#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a batch command works on, found from its PATH arguments.
public struct InputListing: Sendable {
    /// Every input, sorted by the UTF-8 bytes of its path, each path once.
    public let files: [InputFile]
    /// Things the user should know that lose no input (a directory link loop that was not followed).
    public let notes: [String]
    /// The version of each regular file found in a folder, from the `stat` that listed it: a reference's cache key
    /// (`Realism.ReferenceMaskCache`) is made of them, without a second `stat` of 10,000 files.
    public let versions: [String: FileVersion]
    /// The folder arguments that contributed no input, in the order named.
    public let foldersWithoutInputs: [FolderWithoutInputs]
}

/// Turns PATH arguments into the list of input files, following the design's contract.
///
/// - A file argument is an input whatever its name (even a FIFO: the reader refuses it without blocking).
/// - A folder argument contributes its entries named `*.png` in any case, as `ARG/name`. Entries that are
///   not regular files (a FIFO, a socket, a broken link, a directory when not recursing) become inputs with
///   a problem, so they show up as error rows instead of being silently skipped.
/// - NumPy files in a folder (`*.npy`, `*.npz`) are not inputs (a stack is read only when named as an argument,
///   and a folder of masks often holds latent vectors beside them), but never silently: a note names them. So are
///   images and arrays of other formats masks come in (JPEG, TIFF, NIfTI, ...: `ForeignImageFormat`), with how to
///   save them instead.
/// - With `recursive`, sub-folders (and links to folders) are entered; a link back to a folder already on
///   the current path is a loop, detected by (device, inode), noted and not followed.
/// - A PATH that does not exist is an input with a problem.
/// - A folder argument that contributes nothing is a `FolderWithoutInputs`, with the sub-folders passed over.
public enum InputDiscovery {
    /// Lists the inputs named by `arguments`.
    public static func listInputs(_ arguments: [String], recursive: Bool) -> InputListing {
        var files: [InputFile] = []
        var notes: [String] = []
        var versions: [String: FileVersion] = [:]
        var foldersWithoutInputs: [FolderWithoutInputs] = []
        for argument in arguments {
            var info = stat()
            guard stat(argument, &info) == 0 else {
                files.append(InputFile(path: argument, problem: SystemError.message(errno)))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                var ancestors: [FileIdentity] = [], subfolders: [String] = []
                let before = files.count
                scanFolder(argument, identity: FileIdentity(info), ancestors: &ancestors, recursive: recursive,
                           files: &files, notes: &notes, versions: &versions, subfolders: &subfolders)
                if files.count == before {
                    foldersWithoutInputs.append(FolderWithoutInputs(path: argument, subfolders: subfolders, recursive: recursive))
                }
            } else {
                files.append(InputFile(path: argument))
            }
        }
        var seen = Set<String>()
        let unique = files.filter { seen.insert($0.path).inserted }
        // Each path's bytes once, not once a comparison: a folder of 10,000 masks is listed on every run.
        let keys = unique.map { Array($0.path.utf8) }
        let order = unique.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        return InputListing(files: order.map { unique[$0] }, notes: notes, versions: versions,
                            foldersWithoutInputs: foldersWithoutInputs)
    }

    private struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static func scanFolder(_ folder: String, identity: FileIdentity, ancestors: inout [FileIdentity],
                                   recursive: Bool, files: inout [InputFile], notes: inout [String],
                                   versions: inout [String: FileVersion], subfolders: inout [String]) {
        guard let names = FolderListing.entries(of: folder) else {
            files.append(InputFile(path: folder, problem: "cannot list folder: \(SystemError.message(errno))"))
            return
        }
        ancestors.append(identity)
        defer { ancestors.removeLast() }

        let prefix = FolderPath.prefix(folder)
        var arrays: [String] = [], images: [ForeignImageFormat: [String]] = [:]
        defer {
            if let first = arrays.min(by: { UTF8Order.precedes($0, $1) }) {
                let which = arrays.count == 1 ? "a NumPy file, \(first)," : "\(arrays.count) NumPy files (\(first), ...)"
                notes.append("\(folder) holds \(which) that a folder does not contribute (it contributes its PNG files): "
                    + "name a stack as an argument to read its masks")
            }
            for format in ForeignImageFormat.allCases {
                guard let names = images[format], let first = names.min(by: { UTF8Order.precedes($0, $1) }) else { continue }
                let which = names.count == 1 ? "a \(format.name) file, \(first)," : "\(names.count) \(format.name) files (\(first), ...)"
                notes.append("\(folder) holds \(which) that a folder does not contribute (it contributes its PNG files): \(format.remedy)")
            }
        }
        for (name, isValidUTF8) in names.map({ ($0.name, $0.isValidUTF8) }) {
            let path = prefix + name
            let isPNGName = name.lowercased().hasSuffix(".png")
            guard isValidUTF8 else {
                // The path cannot be written as text or opened again from it; report it rather than lose it.
                if isPNGName {
                    files.append(InputFile(path: path, problem: "file name is not valid UTF-8 (shown with U+FFFD)"))
                }
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                if isPNGName {
                    let reason = errno == ENOENT ? "broken symbolic link" : SystemError.message(errno)
                    files.append(InputFile(path: path, problem: reason))
                }
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                if isPNGName {
                    files.append(InputFile(path: path))
                    versions[path] = FileVersion(info)
                } else if [".npy", ".npz"].contains(where: name.lowercased().hasSuffix) {
                    arrays.append(name)
                } else if let format = ForeignImageFormat.identify(name: name) {
                    images[format, default: []].append(name)
                }
            case S_IFDIR:
                if recursive {
                    let child = FileIdentity(info)
                    if ancestors.contains(child) {
                        notes.append("\(path): not followed, it leads back to a folder already being scanned (a link loop)")
                    } else {
                        scanFolder(path, identity: child, ancestors: &ancestors, recursive: recursive,
                                   files: &files, notes: &notes, versions: &versions, subfolders: &subfolders)
                    }
                } else if isPNGName {
                    files.append(InputFile(path: path, problem: "is a directory (pass --recursive to scan folders)"))
                } else {
                    subfolders.append(name)
                }
            default:
                if isPNGName {
                    files.append(InputFile(path: path, problem: "not a regular file (\(SystemError.fileKind(info.st_mode)))"))
                }
            }
        }
    }
}
