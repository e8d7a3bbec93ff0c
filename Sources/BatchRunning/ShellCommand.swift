/// A command line as a POSIX shell reads it back: what the pipeline prints before each step and what
/// `manifest.json` records, so either can be pasted into a shell and run.
public enum ShellCommand {
    /// `words` joined by spaces, each word that holds anything but ASCII letters, digits and `_-./=,:@%+` in
    /// single quotes (a quote inside written `'\''`).
    public static func line(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    /// `word` as the shell reads it back.
    public static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-./=,:@%+".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
