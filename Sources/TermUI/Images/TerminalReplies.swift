/// What a terminal said in answer to evaltop's start-up queries (kitty's graphics query, DA1,
/// `CSI 16 t`), parsed from the raw bytes read back. Pure, so that the parsing is tested
/// without a terminal.
public struct TerminalReplies: Equatable, Sendable {
    /// kitty answered the graphics query with OK.
    public var kittyGraphics = false
    /// The DA1 attributes (`CSI ? 62 ; 4 ; 22 c`), nil when no DA1 reply came.
    public var deviceAttributes: [Int]?
    /// The cell size in pixels from `CSI 6 ; height ; width t`.
    public var cellPixels: (width: Int, height: Int)?
    /// The terminal's name and version from XTVERSION (`DCS > | text ST`), e.g. "tmux 3.4".
    public var version: String?

    public init() {}

    public static func == (a: TerminalReplies, b: TerminalReplies) -> Bool {
        a.kittyGraphics == b.kittyGraphics && a.deviceAttributes == b.deviceAttributes
            && a.cellPixels?.width == b.cellPixels?.width && a.cellPixels?.height == b.cellPixels?.height
            && a.version == b.version
    }

    /// XTVERSION was answered by tmux.
    public var isTmux: Bool { version.map { $0.lowercased().hasPrefix("tmux") } ?? false }

    /// True once the DA1 reply is in: terminals answer in order, so everything asked before
    /// DA1 has been answered (or never will be).
    public var complete: Bool { deviceAttributes != nil }

    /// Sixel support, from attribute 4 in DA1.
    public var sixel: Bool { deviceAttributes?.contains(4) ?? false }

    public static func parse(_ bytes: [UInt8]) -> TerminalReplies {
        var replies = TerminalReplies()
        let text = String(decoding: bytes, as: UTF8.self)
        // kitty: ESC _ G i=31 ; OK ESC \   (an error says ;ENOTSUPPORTED or similar)
        if let range = text.range(of: "\u{1B}_G") {
            let rest = text[range.upperBound...]
            if let end = rest.range(of: "\u{1B}\\") {
                let body = rest[..<end.lowerBound]
                replies.kittyGraphics = body.contains("i=31") && body.hasSuffix(";OK")
            }
        }
        // DA1: ESC [ ? digits(;digits)* c
        if let range = text.range(of: "\u{1B}[?") {
            let rest = text[range.upperBound...]
            if let end = rest.firstIndex(of: "c") {
                let fields = rest[..<end].split(separator: ";")
                if fields.allSatisfy({ Int($0) != nil }) { replies.deviceAttributes = fields.compactMap { Int($0) } }
            }
        }
        // XTVERSION: ESC P > | text ESC \   (kept only as printable text: it is shown nowhere,
        // but a terminal's name is data like any other).
        if let range = text.range(of: "\u{1B}P>|") {
            let rest = text[range.upperBound...]
            if let end = rest.range(of: "\u{1B}\\") {
                let name = rest[..<end.lowerBound]
                if name.count <= 200, name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
                    replies.version = String(name)
                }
            }
        }
        // Cell size: ESC [ 6 ; height ; width t
        if let range = text.range(of: "\u{1B}[6;") {
            let rest = text[range.upperBound...]
            if let end = rest.firstIndex(of: "t") {
                let fields = rest[..<end].split(separator: ";").compactMap { Int($0) }
                // No terminal's cell is 1,000 pixels: a larger reply would size image buffers
                // (cells × pixels × 4 bytes) from a number nothing checked.
                if fields.count == 2, (1 ... 1000).contains(fields[0]), (1 ... 1000).contains(fields[1]) {
                    replies.cellPixels = (fields[1], fields[0])
                }
            }
        }
        return replies
    }
}
