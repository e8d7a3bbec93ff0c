/// A piece of an HTML (or inline SVG) document. Text and attribute values are escaped when the document is
/// rendered, so user text (file names, group names) can never become markup; the only unescaped content is a
/// `StaticString` written in this module's source (the style sheet).
public indirect enum HTMLNode: Sendable {
    /// An element with attributes (in order) and children.
    case element(String, [(String, String)], [HTMLNode])
    /// Text, escaped.
    case text(String)
    /// Markup fixed at compile time (never user data).
    case trusted(StaticString)
    /// Several nodes side by side.
    case group([HTMLNode])

    /// `<name attributes>children</name>`.
    public static func tag(_ name: String, _ attributes: [(String, String)] = [], _ children: [HTMLNode] = []) -> HTMLNode {
        .element(name, attributes, children)
    }

    /// An element holding `text`, each CSV or JSON file it names (`masks/summary.json`) a link to that file.
    public static func tag(_ name: String, _ attributes: [(String, String)] = [], linking text: String) -> HTMLNode {
        var nodes: [HTMLNode] = []
        var rest = Substring(text)
        while let match = rest.firstMatch(of: /[A-Za-z0-9_.\/-]+\.(csv|json)\b/) {
            if match.range.lowerBound > rest.startIndex { nodes.append(.text(String(rest[..<match.range.lowerBound]))) }
            let name = String(match.output.0)
            nodes.append(.tag("a", [("href", name)], text: name))
            rest = rest[match.range.upperBound...]
        }
        if !rest.isEmpty { nodes.append(.text(String(rest))) }
        return .tag(name, attributes, nodes)
    }

    /// `<name attributes>text</name>`.
    public static func tag(_ name: String, _ attributes: [(String, String)] = [], text: String) -> HTMLNode {
        .element(name, attributes, [.text(text)])
    }

    /// The markup, appended to `output`.
    public func render(into output: inout String) {
        switch self {
        case .element(let name, let attributes, let children):
            output += "<" + name
            for (key, value) in attributes { output += " " + key + "=\"" + Self.escaped(value) + "\"" }
            if children.isEmpty && Self.voidElements.contains(name) {
                output += ">"
                return
            }
            output += ">"
            for child in children { child.render(into: &output) }
            output += "</" + name + ">"
        case .text(let text):
            output += Self.escaped(text)
        case .trusted(let markup):
            output += markup.description
        case .group(let nodes):
            for node in nodes { node.render(into: &output) }
        }
    }

    /// The markup.
    public var rendered: String {
        var output = ""
        render(into: &output)
        return output
    }

    /// Elements that take no closing tag in HTML.
    static let voidElements: Set<String> = ["br", "hr", "img", "meta", "link", "input", "col"]

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
