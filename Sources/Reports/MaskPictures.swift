import FileIO
import Foundation
import MaskImage
import NumpyFormats

/// The pictures of masks that a page embeds, found by the names the tables give them: a PNG file, or mask `i` of
/// a stack (`FILE.npy[i]`, `FILE.npz:MEMBER[i]`), as `features` names the masks of an array. Each stack is opened
/// once, however many of its masks are shown.
///
/// The labelling page, the contact sheet and the report's example strips all show masks through it, so a mask
/// that one of them can show, all can.
public struct MaskPictures {
    /// The largest PNG file shown as it is; a larger file is not shown.
    public let limit: Int
    private var stacks: [String: MaskStack] = [:]

    /// Pictures of PNG files of at most `limit` bytes, and of stacks' masks.
    public init(limit: Int = 1 << 25) {
        self.limit = limit
    }

    /// The PNG bytes of the mask a table row names: a PNG file's bytes as they are, or mask `i` of the stack
    /// `FILE.npy[i]` / `FILE.npz:MEMBER[i]` encoded (foreground at grey 128); a mask of two levels below grey 128
    /// (a 0/1 image), which would show black, and a file larger than `limit`, as the mask it is read as. Nil when
    /// unreadable, or when even the mask read from it encodes to more than `limit` bytes.
    public mutating func png(of name: String) -> [UInt8]? {
        if let identity = FileIdentity(path: name), identity.isRegularFile {
            guard let bytes = try? FileBytes.read(name, limit: limit, what: "mask") else {
                guard let mask = try? MaskInput(InputFile(path: name)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels),
                      let encoded = try? PNGEncoder.encode(mask), encoded.count <= limit else { return nil }
                return encoded
            }
            let reader = PNGReader()
            guard let plain = try? reader.mask(decoding: bytes, name: name, threshold: 128), plain.foregroundCount == 0,
                  let mask = try? BinaryMask.reading(at: 128, name: name, cut: { _ in plain },
                                                     grey: { () throws(MaskImageError) in try reader.twoLevelImage(decoding: bytes, name: name) }),
                  mask.foregroundCount > 0 else { return bytes }
            return try? PNGEncoder.encode(mask)
        }
        guard let row = StackRowName(name) else { return nil }
        let key = row.path + "\u{0}" + (row.member ?? "")
        if stacks[key] == nil { stacks[key] = try? MaskStack(path: row.path, member: row.member) }
        guard let stack = stacks[key], row.index < stack.count,
              let mask = try? MaskInput(stack: stack, index: row.index, path: row.path).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels) else {
            return nil
        }
        return try? PNGEncoder.encode(mask)
    }

    /// The top of a mask's card on a page: the picture of the mask the table row `file` names (112 px square), or
    /// "image not found", and its caption, the file's base name or the stack's row.
    mutating func card(_ file: String) -> [HTMLNode] {
        let name = (file as NSString).lastPathComponent
        let picture: HTMLNode = png(of: file).map {
            .tag("img", [("src", "data:image/png;base64," + Data($0).base64EncodedString()), ("alt", name), ("width", "112"), ("height", "112")])
        } ?? .tag("div", [("class", "missing")], text: "image not found")
        return [picture, Self.caption(name)]
    }

    /// A card's caption naming the mask `name` (a file's base name, or a stack's row `FILE.npy[i]`), in the
    /// `card-name` class; a stack's row may break before its index, so that a narrow card keeps `[i]` whole.
    static func caption(_ name: String) -> HTMLNode {
        guard StackRowName(name) != nil, let open = name.lastIndex(of: "[") else { return .tag("div", [("class", "card-name")], text: name) }
        return .tag("div", [("class", "card-name")], [.text(String(name[..<open])), .trusted("<wbr>"), .text(String(name[open...]))])
    }
}
