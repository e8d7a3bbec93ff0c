import Foundation

/// The labelling page of `label suggest --page DIR`: one offline HTML file (no network, script and style
/// inline, masks embedded as PNG data) on which a person marks each suggested mask good or bad and saves
/// `labels.csv` in the format `train` reads.
///
/// - The masks are shown large in a grid, each with Good and Bad buttons; with a reference, 8 real masks sit
///   beside them for comparison.
/// - Keys: `g` good, `b` bad (both move to the next mask), `u` undo the last mark, arrows move.
/// - Marks are kept in the browser's local storage under a key made from the masks' names, so they survive a
///   reload.
/// - "Save labels.csv" downloads `file,label`: the labels given to `label suggest` (`--labels`), with this
///   page's marks added or replacing theirs.
public enum LabellingPage {
    /// One mask to label.
    public struct Item: Sendable, Codable {
        /// The mask's name, exactly as in the features table (the `file` column of `labels.csv`).
        public let file: String
        /// Why it was suggested.
        public let reason: String
        /// Its PNG bytes, nil when it cannot be read.
        public let png: [UInt8]?

        /// An item.
        public init(file: String, reason: String, png: [UInt8]?) {
            self.file = file
            self.reason = reason
            self.png = png
        }
    }

    /// The page for `items`, with `references` (PNG bytes of real masks) beside them and the labels given so far
    /// (`file`, good) that a save keeps.
    public static func html(items: [Item], references: [[UInt8]], labels: [(file: String, isGood: Bool)]) -> String {
        struct Payload: Encodable {
            let files: [String]
            let labels: [[String]]
        }
        let payload = Payload(files: items.map(\.file), labels: labels.map { [$0.file, $0.isGood ? "good" : "bad"] })
        // Keys sorted: Foundation's encoder writes a struct's keys in no fixed order, and the same choice must give
        // the same page.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"files\":[],\"labels\":[]}"
        // Inside <script>, "</" would end the element and "<!--" followed by "<script" would keep the real end tag
        // from ending it; "<" is only ever inside a JSON string here, where "\u003c" spells it.
        let data = json.replacingOccurrences(of: "<", with: "\\u003c")
        var cards = ""
        for (position, item) in items.enumerated() {
            let image = item.png.map { "<img src=\"data:image/png;base64,\(Data($0).base64EncodedString())\" alt=\"mask \(position + 1)\">" }
                ?? "<div class=\"missing\">image not readable</div>"
            cards += """
                <div class="card" id="card-\(position)" data-index="\(position)" tabindex="0">
                \(image)
                <div class="name">\(HTMLNode.escaped(item.file))</div>
                <div class="reason">\(HTMLNode.escaped(item.reason))</div>
                <div class="buttons"><button class="good" data-label="good">Good (g)</button><button class="bad" data-label="bad">Bad (b)</button></div>
                <div class="mark"></div>
                </div>

                """
        }
        let referenceImages = references.prefix(8).enumerated().map { position, png in
            "<img src=\"data:image/png;base64,\(Data(png).base64EncodedString())\" alt=\"real mask \(position + 1)\">"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>ganfilter: label \(items.count) masks</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1em; color: #222; }
            header { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #ccc; z-index: 1; }
            #layout { display: flex; gap: 1.5em; align-items: flex-start; }
            #grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 1em; flex: 1; }
            .card { border: 3px solid #ddd; border-radius: 6px; padding: .5em; outline: none; }
            .card.focus { border-color: #36c; }
            .card.good { background: #e6f6e6; }
            .card.bad { background: #fbe4e4; }
            .card img { width: 256px; height: 256px; image-rendering: pixelated; background: #000; display: block; margin: auto; }
            .name { font-family: monospace; font-size: 12px; overflow-wrap: anywhere; margin-top: .3em; }
            .reason { font-size: 12px; color: #555; }
            .mark { font-weight: bold; min-height: 1.2em; }
            button { margin: .3em .3em 0 0; padding: .3em .8em; }
            #reference { width: 140px; }
            #reference img { width: 128px; height: 128px; image-rendering: pixelated; background: #000; display: block; margin-bottom: .5em; }
            </style>
            </head>
            <body>
            <header>
            <strong>Label \(items.count) masks</strong>: click Good or Bad, or press <kbd>g</kbd> / <kbd>b</kbd>
            (<kbd>u</kbd> undoes, arrows move). Marks are kept in this browser.
            <span id="progress"></span>
            <button id="save">Save labels.csv</button>
            </header>
            <div id="layout">
            <div id="grid">
            \(cards)</div>
            \(references.isEmpty ? "" : "<div id=\"reference\"><strong>Real masks</strong>\n\(referenceImages)\n</div>")
            </div>
            <script type="application/json" id="data">\(data)</script>
            <script>
            (function () {
              var data = JSON.parse(document.getElementById("data").textContent);
              var key = "ganfilter-labels:" + data.files.join("\\n").length + ":" + hash(data.files.join("\\n"));
              var marks = {};
              try { marks = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { marks = {}; }
              var history = [];
              var focus = 0;
              var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
              function hash(text) {
                var h = 2166136261;
                for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
                return h.toString(16);
              }
              function store() { try { localStorage.setItem(key, JSON.stringify(marks)); } catch (e) {} }
              function show() {
                var done = 0;
                cards.forEach(function (card, i) {
                  var label = marks[data.files[i]];
                  card.classList.toggle("good", label === "good");
                  card.classList.toggle("bad", label === "bad");
                  card.classList.toggle("focus", i === focus);
                  card.querySelector(".mark").textContent = label ? "marked " + label : "";
                  if (label) { done++; }
                });
                document.getElementById("progress").textContent = done + " of " + cards.length + " marked";
              }
              function move(to) {
                if (cards.length === 0) { return; }
                focus = Math.max(0, Math.min(cards.length - 1, to));
                cards[focus].focus();
                show();
              }
              function mark(i, label) {
                var file = data.files[i];
                history.push([file, marks[file]]);
                marks[file] = label;
                store();
                move(i + 1);
              }
              function undo() {
                var last = history.pop();
                if (!last) { return; }
                if (last[1] === undefined) { delete marks[last[0]]; } else { marks[last[0]] = last[1]; }
                store();
                move(data.files.indexOf(last[0]));
              }
              function field(text) { return /[",\\n\\r]/.test(text) ? "\\"" + text.replace(/"/g, "\\"\\"") + "\\"" : text; }
              function save() {
                var merged = {}, order = [];
                data.labels.forEach(function (entry) { if (!(entry[0] in merged)) { order.push(entry[0]); } merged[entry[0]] = entry[1]; });
                data.files.forEach(function (file) {
                  if (marks[file]) { if (!(file in merged)) { order.push(file); } merged[file] = marks[file]; }
                });
                var text = "file,label\\n" + order.map(function (file) { return field(file) + "," + merged[file] + "\\n"; }).join("");
                var link = document.createElement("a");
                link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
                link.download = "labels.csv";
                document.body.appendChild(link);
                link.click();
                link.remove();
              }
              cards.forEach(function (card, i) {
                card.addEventListener("click", function (event) {
                  var label = event.target.getAttribute && event.target.getAttribute("data-label");
                  if (label) { mark(i, label); } else { move(i); }
                });
              });
              document.getElementById("save").addEventListener("click", save);
              document.addEventListener("keydown", function (event) {
                if (event.ctrlKey || event.metaKey || event.altKey) { return; }
                if (event.key === "g") { mark(focus, "good"); }
                else if (event.key === "b") { mark(focus, "bad"); }
                else if (event.key === "u") { undo(); }
                else if (event.key === "ArrowRight" || event.key === "ArrowDown") { move(focus + 1); }
                else if (event.key === "ArrowLeft" || event.key === "ArrowUp") { move(focus - 1); }
                else { return; }
                event.preventDefault();
              });
              show();
            })();
            </script>
            </body>
            </html>

            """
    }
}
