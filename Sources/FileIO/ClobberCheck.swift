#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks, before any work, that no output of a command would overwrite one of its inputs or another of
/// its outputs. Paths are compared by the file they name (device and inode, links resolved), so `a.csv`,
/// `./a.csv` and a link to it are one file. Outputs that do not exist yet are compared by their folder's
/// identity and their name. Standard output (`-`) and outputs that are not regular files (a device, a FIFO,
/// which are written directly and never replaced) cannot clobber anything.
public enum ClobberCheck {
    /// Throws when an output names an input or another output, or a folder output would replace an input.
    public static func check(outputs: [NamedPath], folders: [OutputFolder] = [], inputs: [NamedPath]) throws(ClobberError) {
        let inputIdentities = inputs.map { FileIdentity(path: $0.path) }
        var seen: [(NamedPath, Location)] = []
        for output in outputs where output.path != "-" {
            guard let location = Location(output.path), location.canBeClobbered else { continue }
            if case .existing(let identity) = location, let index = inputIdentities.firstIndex(of: identity) {
                throw ClobberError(description: "\(output.name) \(output.path) is the same file as \(inputs[index].name) \(inputs[index].path); "
                    + "it would be overwritten (give another output)")
            }
            if let other = seen.first(where: { $0.1 == location }) {
                throw ClobberError(description: "\(other.0.name) \(other.0.path) and \(output.name) \(output.path) are the same file; "
                    + "one would overwrite the other")
            }
            seen.append((output, location))
        }
        for folder in folders {
            guard let folderIdentity = FileIdentity(path: folder.folder.path) else { continue }
            let held = FolderListing.names(in: folder.folder.path).filter(folder.holds)
            // An output that is one of the folder's own files would be replaced by a report file.
            for (output, location) in seen {
                let name: String
                switch location {
                case .missing(let parent, let missingName):
                    guard parent == folderIdentity else { continue }
                    name = missingName
                case .existing(let identity):
                    guard let same = held.first(where: { FileIdentity(path: FolderPath.prefix(folder.folder.path) + $0) == identity })
                    else { continue }
                    name = same
                }
                if folder.holds(name) {
                    throw ClobberError(description: "\(output.name) \(output.path) is the file \(name) that \(folder.folder.name) "
                        + "\(folder.folder.path) writes; one would overwrite the other (give the output another name or folder)")
                }
            }
            for name in held {
                let file = FolderPath.prefix(folder.folder.path) + name
                guard let identity = FileIdentity(path: file), identity.isRegularFile,
                      let index = inputIdentities.firstIndex(of: identity) else { continue }
                throw ClobberError(description: "\(inputs[index].name) \(inputs[index].path) would be overwritten by \(folder.folder.name)'s "
                    + "file \(file); move the input or give another \(folder.folder.name)")
            }
        }
    }

    /// Throws when two copy folders are one folder (accepted and rejected copies would mix), or when a copy
    /// folder is, lies inside, or reaches through a link one of the folders read: an input folder or a reference
    /// folder. What is copied there would become input of the next run (copies of generated masks in a reference
    /// make it accept everything).
    public static func checkCopyFolders(_ folders: [NamedPath], readFolders: [NamedPath]) throws(ClobberError) {
        var seen: [(NamedPath, Location)] = []
        for folder in folders {
            try checkNotInside(folder, inputs: readFolders)
            guard let location = Location(folder.path) else { continue }
            if let other = seen.first(where: { $0.1 == location }) {
                throw ClobberError(description: "\(other.0.name) \(other.0.path) and \(folder.name) \(folder.path) are the same folder; "
                    + "give each its own")
            }
            seen.append((folder, location))
        }
    }

    /// Throws when one of `files` (found by a walk of the inputs) lies in one of `folders`, reached through a
    /// directory link inside an input folder, say: copies there would be read back as inputs.
    public static func checkNotReading(_ folders: [NamedPath], files: [String]) throws(ClobberError) {
        let identities = folders.compactMap { folder in FileIdentity(path: folder.path).map { (folder, $0) } }
        guard !identities.isEmpty else { return }
        var checked = Set<String>()
        for file in files {
            var path = Substring(file)
            while let slash = path.lastIndex(of: "/"), slash > path.startIndex {
                path = path[..<slash]
                guard checked.insert(String(path)).inserted else { break }
                if let identity = FileIdentity(path: String(path)), let (folder, _) = identities.first(where: { $0.1 == identity }) {
                    throw ClobberError(description: "the input \(file) lies in \(folder.name) \(folder.path) (through \(path)); what is "
                        + "copied there would be read again as input (give a folder the inputs do not reach)")
                }
            }
        }
    }

    /// Throws when `folder` is one of the input folders or lies below one, its path or a link on it leading
    /// there (a walk of the inputs, or the next run, would then read what is written into it). Folders are
    /// compared by identity, links resolved.
    public static func checkNotInside(_ folder: NamedPath, inputs: [NamedPath]) throws(ClobberError) {
        let inputFolders = inputs.compactMap { input in FileIdentity(path: input.path).flatMap { $0.isFolder ? (input, $0) : nil } }
        guard !inputFolders.isEmpty else { return }
        var path = folder.path
        while FileIdentity(path: path) == nil {
            guard let parent = lexicalParent(path) else { return }
            path = parent
        }
        while let identity = FileIdentity(path: path) {
            if let (input, _) = inputFolders.first(where: { $0.1 == identity }) {
                throw ClobberError(description: "\(folder.name) \(folder.path) is or lies inside the \(input.name) folder \(input.path); "
                    + "what is copied there would become input of the next run (give a folder outside it)")
            }
            let up = path + "/.."
            guard FileIdentity(path: up) != identity else { return }
            path = up
        }
    }

    /// The folder holding `path` by its spelling (`a` for `a/b`, `.` for `b`), nil for `/` and `.`.
    private static func lexicalParent(_ path: String) -> String? {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard trimmed != "/" && trimmed != "." else { return nil }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Throws when an output is one of `files`, the files of masks that a table the command reads names (`train`,
    /// `filter --features` and `label suggest` read a features table, not its masks, so the masks are no input
    /// that `check(outputs:folders:inputs:)` compares). Only an output that exists can be one of them, and it is
    /// compared with the files of its own name or its link's target's name, so a table of any length costs a few
    /// `stat`s.
    public static func check(outputs: [NamedPath], notAmong files: [String], namedIn table: NamedPath) throws(ClobberError) {
        for output in outputs where output.path != "-" {
            guard let identity = FileIdentity(path: output.path), identity.isRegularFile else { continue }
            var names: Set = [FolderPath.lastComponent(output.path)]
            if let resolved = realpath(output.path, nil) {
                names.insert(FolderPath.lastComponent(String(cString: resolved)))
                free(resolved)
            }
            for file in files where names.contains(FolderPath.lastComponent(file)) && FileIdentity(path: file) == identity {
                throw ClobberError(description: "\(output.name) \(output.path) is \(file), a file of masks that \(table.name) "
                    + "\(table.path) names; it would be overwritten (give another output)")
            }
        }
    }

    /// Where a path points: an existing file, or a name not yet present in an existing folder.
    enum Location: Equatable {
        case existing(FileIdentity)
        case missing(parent: FileIdentity, name: String)

        init?(_ path: String) {
            if let identity = FileIdentity(path: path) {
                self = .existing(identity)
                return
            }
            // A folder not made yet, spelt `k/` or `./k`, is the name `k` in its parent.
            var trimmed = Substring(path)
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            while trimmed.hasPrefix("./") && trimmed.count > 2 { trimmed = trimmed.dropFirst(2) }
            let path = String(trimmed)
            let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
            guard let parent = FileIdentity(path: FolderPath.containing(path)) else { return nil }
            self = .missing(parent: parent, name: name)
        }

        /// Regular files (or names not yet present) are replaced by a rename; other kinds are written directly.
        var canBeClobbered: Bool {
            if case .existing(let identity) = self { identity.isRegularFile } else { true }
        }
    }
}
