/// The name a table gives a mask of a NumPy stack: `FILE.npy[i]`, or `FILE.npz:MEMBER[i]` for an array of an
/// archive. The member follows the last colon that ends an `.npz` path (`NpzArchive.isArchive(_:)`), so a colon
/// elsewhere in a path stays in it. Read back by the tables' row order (`TablePlace`) and by the labelling page,
/// which opens the stack again.
public struct StackRowName: Sendable, Equatable {
    /// The stack's file.
    public let path: String
    /// The archive's array; nil for an `.npy` file.
    public let member: String?
    /// The mask's position in the stack, from 0.
    public let index: Int

    /// The parts of `name`; nil unless it ends in `[i]`, `i` a whole number `>= 0` written as the tool writes it
    /// (no sign, no leading zero), and, when `index` is given (a table's `index` column), unless `i` is that index.
    public init?(_ name: String, index: Int? = nil) {
        guard name.hasSuffix("]"), let open = name.lastIndex(of: "[") else { return nil }
        let digits = name[name.index(after: open)..<name.index(before: name.endIndex)]
        guard let parsed = Int(digits), parsed >= 0, String(parsed) == digits, index == nil || index == parsed else { return nil }
        let stack = name[..<open]
        if let colon = stack.indices.reversed().first(where: { stack[$0] == ":" && NpzArchive.isArchive(stack[..<$0]) }) {
            path = String(stack[..<colon])
            member = String(stack[stack.index(after: colon)...])
        } else {
            path = String(stack)
            member = nil
        }
        self.index = parsed
    }
}
