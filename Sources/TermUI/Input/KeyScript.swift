/// Parses the headless replay format: one key per character, with names in angle brackets for
/// special keys (`<Enter>`, `<Esc>`, `<Left>`, `<Tab>`, `<S-Tab>`, `<F1>`, `<C-c>`, `<PgDn>`, `<lt>` for `<`).
/// Newlines in the script are ignored so that scripts can be split over lines; use `<Enter>`.
public enum KeyScript {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        public let message: String
        public var description: String { "character \(offset + 1): \(message)" }
    }

    static let named: [String: Key] = [
        "enter": .enter, "cr": .enter, "return": .enter,
        "esc": .escape, "escape": .escape,
        "tab": .tab, "s-tab": .backTab, "backtab": .backTab,
        "bs": .backspace, "backspace": .backspace, "del": .delete, "delete": .delete, "ins": .insert, "insert": .insert,
        "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end,
        "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "space": .char(" "), "lt": .char("<"), "gt": .char(">"),
    ]

    public static func parse(_ script: String) throws -> [Key] {
        var keys: [Key] = []
        let chars = Array(script)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\n" || c == "\r" { i += 1; continue }
            if c == "<", let close = chars[(i + 1)...].firstIndex(of: ">"), close - i > 1 {
                let name = String(chars[(i + 1) ..< close])
                guard let key = key(named: name) else {
                    throw ParseError(offset: i, message: "unknown key name <\(name)>")
                }
                keys.append(key)
                i = close + 1
                continue
            }
            keys.append(.char(c))
            i += 1
        }
        return keys
    }

    static func key(named raw: String) -> Key? {
        let name = raw.lowercased()
        if let key = named[name] { return key }
        if name.hasPrefix("f"), let n = Int(name.dropFirst()), (1 ... 24).contains(n) { return .function(n) }
        if name.hasPrefix("c-"), name.count == 3, let c = name.last, c.isLetter { return .ctrl(c) }
        return nil
    }
}
