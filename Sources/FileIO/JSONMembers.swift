#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The members of a JSON object's top level, found without building its values: each key and the byte range
/// of its value. A model file's reader keeps the members it knows and never materialises the others, so an
/// unknown key holding millions of numbers costs one pass over its bytes.
public struct JSONMembers: Sendable {
    /// Each member's key (as written, escapes decoded) and the byte range of its value, in file order.
    public let members: [(key: String, value: Range<Int>)]

    /// Why the bytes are not one JSON object.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong and at which byte.
        public let description: String
    }

    /// Deepest nesting accepted (as Foundation's parser, which refuses deeper documents).
    public static let maximumDepth = 512

    /// Scans `bytes`, which must hold one JSON object (surrounding white space allowed). The values are checked
    /// for balanced brackets, closed strings, and bare words that are `true`, `false`, `null` or a number that
    /// fits a Double; whoever decodes a value checks the rest (commas between items, say).
    public init(_ bytes: [UInt8]) throws(Malformed) {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { throw scanner.failure("the file is not a JSON object (it does not begin with '{')") }
        var members: [(key: String, value: Range<Int>)] = []
        scanner.skipSpace()
        if !scanner.take(UInt8(ascii: "}")) {
            while true {
                scanner.skipSpace()
                let key = try scanner.string()
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { throw scanner.failure("a ':' must follow the key \(Excerpt.quoted(key))") }
                scanner.skipSpace()
                let start = scanner.position
                try scanner.skipValue()
                members.append((key, start..<scanner.position))
                scanner.skipSpace()
                if scanner.take(UInt8(ascii: "}")) { break }
                guard scanner.take(UInt8(ascii: ",")) else { throw scanner.failure("a ',' or '}' must follow the value of \(Excerpt.quoted(key))") }
            }
        }
        scanner.skipSpace()
        guard scanner.position == bytes.count else { throw scanner.failure("more follows the JSON object") }
        self.members = members
    }

    /// The text of a member's value that is a string (its bytes, quotes included), escapes decoded; nil when
    /// the value is no string.
    public static func text(of value: ArraySlice<UInt8>) -> String? {
        var scanner = Scanner(bytes: Array(value))
        guard let text = try? scanner.string(), scanner.position == scanner.bytes.count else { return nil }
        return text
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        func failure(_ reason: String) -> Malformed {
            Malformed(description: "\(reason) (byte \(position + 1))")
        }

        mutating func skipSpace() {
            while position < bytes.count, [32, 9, 10, 13].contains(bytes[position]) { position += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// A string's text, escapes decoded; the scanner stands after its closing quote.
        mutating func string() throws(Malformed) -> String {
            guard take(UInt8(ascii: "\"")) else { throw failure("a key in quotes was expected") }
            let start = position
            try skipStringBody()
            let raw = bytes[start..<position - 1]
            return raw.contains(UInt8(ascii: "\\")) ? Self.unescape(raw) : String(decoding: raw, as: UTF8.self)
        }

        /// Skips to just after the closing quote of a string whose opening quote is taken.
        mutating func skipStringBody() throws(Malformed) {
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\\") {
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    return
                } else if byte < 32 {
                    throw failure("a control character inside a string")
                }
            }
            throw failure("a string is not closed (the file is cut short?)")
        }

        /// Skips one value: a string, or a run of brackets balanced up to `maximumDepth`, or a bare word.
        mutating func skipValue() throws(Malformed) {
            guard position < bytes.count else { throw failure("a value is missing (the file is cut short?)") }
            var closers: [UInt8] = []
            repeat {
                guard position < bytes.count else { throw failure("an array or object is not closed (the file is cut short?)") }
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    try skipStringBody()
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard closers.count < JSONMembers.maximumDepth else { throw failure("nested deeper than \(JSONMembers.maximumDepth) levels") }
                    closers.append(byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                    position += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard closers.last == byte else { throw failure("a '\(Unicode.Scalar(byte))' closes nothing open") }
                    closers.removeLast()
                    position += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"), 32, 9, 10, 13:
                    guard !closers.isEmpty else { return }
                    position += 1
                default:
                    let start = position
                    while position < bytes.count, !Self.endsBareWord(bytes[position]), bytes[position] != UInt8(ascii: ":") { position += 1 }
                    let word = bytes[start..<position]
                    guard Self.isLiteral(word) || Self.isFiniteNumber(word) else {
                        position = start
                        throw failure("\(Excerpt.quoted(String(decoding: word.prefix(64), as: UTF8.self))) is not a JSON value "
                            + "(true, false, null or a number that fits a double)")
                    }
                }
            } while !closers.isEmpty || (position < bytes.count && !Self.endsBareWord(bytes[position]))
        }

        static func isLiteral(_ word: ArraySlice<UInt8>) -> Bool {
            word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) || word.elementsEqual("null".utf8)
        }

        /// Whether `word` is a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`) whose value is finite.
        static func isFiniteNumber(_ word: ArraySlice<UInt8>) -> Bool {
            var index = word.startIndex
            func digits() -> Int {
                let start = index
                while index < word.endIndex, word[index] >= 48, word[index] <= 57 { index += 1 }
                return index - start
            }
            if index < word.endIndex, word[index] == UInt8(ascii: "-") { index += 1 }
            let leadingZero = index < word.endIndex && word[index] == 48
            let integer = digits()
            guard integer > 0, !(leadingZero && integer > 1) else { return false }
            if index < word.endIndex, word[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { return false }
            }
            if index < word.endIndex, word[index] == UInt8(ascii: "e") || word[index] == UInt8(ascii: "E") {
                index += 1
                if index < word.endIndex, word[index] == UInt8(ascii: "+") || word[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return false }
            }
            guard index == word.endIndex else { return false }
            // Only a long exponent can overflow: most numbers need no conversion.
            guard word.count > 20 || word.contains(UInt8(ascii: "e")) || word.contains(UInt8(ascii: "E")) else { return true }
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: word.count + 1) { buffer in
                guard let base = buffer.baseAddress else { return false }
                for (offset, byte) in word.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
                buffer[word.count] = 0
                return strtod(base, nil).isFinite
            }
        }

        static func endsBareWord(_ byte: UInt8) -> Bool {
            [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 32, 9, 10, 13].contains(byte)
        }

        /// The text of a string body with JSON escapes (`\n`, `\"`, `\u00e9`, surrogate pairs) decoded.
        static func unescape(_ raw: ArraySlice<UInt8>) -> String {
            var scalars = String.UnicodeScalarView()
            var utf8: [UInt8] = []
            var index = raw.startIndex
            func flush() {
                scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll()
            }
            func hex(at start: Int) -> UInt32? {
                guard start + 4 <= raw.endIndex else { return nil }
                return UInt32(String(decoding: raw[start..<start + 4], as: UTF8.self), radix: 16)
            }
            while index < raw.endIndex {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex else {
                    utf8.append(byte)
                    index += 1
                    continue
                }
                let code = raw[index + 1]
                index += 2
                switch code {
                case UInt8(ascii: "n"): utf8.append(10)
                case UInt8(ascii: "t"): utf8.append(9)
                case UInt8(ascii: "r"): utf8.append(13)
                case UInt8(ascii: "b"): utf8.append(8)
                case UInt8(ascii: "f"): utf8.append(12)
                case UInt8(ascii: "u"):
                    flush()
                    var value = hex(at: index) ?? 0xFFFD
                    index += 4
                    if (0xD800..<0xDC00).contains(value), index + 6 <= raw.endIndex, raw[index] == UInt8(ascii: "\\"),
                       raw[index + 1] == UInt8(ascii: "u"), let low = hex(at: index + 2), (0xDC00..<0xE000).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                default: utf8.append(code)
                }
            }
            flush()
            return String(scalars)
        }
    }
}
