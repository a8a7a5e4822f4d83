import ImageKit

/// The image protocols beyond half blocks in the cell buffer: kitty, sixel and iTerm2's inline
/// images, and 24-bit half blocks. ncurses can't send 24-bit colours (its colour pairs are
/// palette indexes), so with COLORTERM=truecolor the half blocks are written after the text
/// like the other protocols, as `▀` with 24-bit SGR colours.
public enum GraphicsProtocol: String, Sendable, CaseIterable {
    case kitty, sixel, iterm
    case truecolorBlocks = "blocks24"
}

/// One image to show this frame: `image` is already scaled to the rectangle's pixels.
public struct ImagePlacement: Sendable, Equatable {
    public let key: String
    public let image: RGBAImage
    public let area: Rect

    public init(key: String, image: RGBAImage, area: Rect) {
        self.key = key
        self.image = image
        self.area = area
    }

    public static func == (a: ImagePlacement, b: ImagePlacement) -> Bool {
        a.key == b.key && a.area == b.area && a.image.width == b.image.width && a.image.height == b.image.height
    }
}

/// Turns each frame's image placements into the bytes a graphics protocol needs, written after
/// the text is drawn (as ranger and yazi do). Nothing is sent while the placements stay the
/// same; when they change, the old images are erased first: kitty deletes its placements (the
/// transmitted data stays, so coming back costs a few bytes), and for sixel and iTerm2, which
/// have no delete, the caller repaints the cells of `erase` from its own buffer.
/// kitty keeps the data of the `kittyLimit` images used last: an older one is freed in the
/// terminal (`a=d,d=I`) when a new one is transmitted, and `releaseAll()` frees the rest at exit,
/// so a long session of browsing inputs does not grow the terminal's memory.
/// Pure: bytes out, so tests read exactly what a terminal would get.
public final class GraphicsCanvas {
    public let kind: GraphicsProtocol
    /// Inside tmux with `allow-passthrough`: every sequence is wrapped for tmux to pass on.
    public let passthrough: Bool
    private var shown: [ImagePlacement] = []
    private var kittyIDs: [String: UInt32] = [:]
    /// Cache keys of the transmitted kitty images, least recently placed first.
    private var kittyOrder: [String] = []
    private var nextKittyID: UInt32 = 1
    /// Transmitted kitty images kept in the terminal: enough for a grid page of thumbnails and
    /// the way back through a list, a few MB of terminal memory for preview-sized images.
    public static let kittyLimit = 64
    /// Encoded sixel / iTerm2 bytes by key and size: moving back to an input costs no encode.
    private var encoded: [String: String] = [:]
    private var encodedOrder: [String] = []
    static let encodedLimit = 64

    public struct Update: Equatable {
        /// Written before the text is drawn (kitty's deletions).
        public var before = ""
        /// Rectangles whose cells must be repainted (sixel / iTerm2 pixels to wipe).
        public var erase: [Rect] = []
        /// Written after the text is drawn: each image at its place, cursor saved and restored.
        public var after = ""
        public var isEmpty: Bool { before.isEmpty && erase.isEmpty && after.isEmpty }
    }

    public init(kind: GraphicsProtocol, passthrough: Bool = false) {
        self.kind = kind
        self.passthrough = passthrough
    }

    /// Forgets what is on screen (after a resize or a full repaint), so the next frame sends
    /// every image again.
    public func reset() { shown = [] }

    /// What to send for this frame's placements.
    public func update(_ placements: [ImagePlacement]) -> Update {
        var update = Update()
        guard placements != shown else { return update }
        if !shown.isEmpty {
            switch kind {
            case .kitty: update.before = wrap(KittyEncoder.deleteAllPlacements())
            case .sixel, .iterm, .truecolorBlocks: update.erase = shown.map(\.area)
            }
        }
        for placement in placements {
            var bytes = ""
            switch kind {
            case .kitty:
                let cacheKey = kittyKey(placement)
                if kittyIDs[cacheKey] == nil {
                    kittyIDs[cacheKey] = nextKittyID
                    bytes += wrap(KittyEncoder.transmit(placement.image, id: nextKittyID))
                    nextKittyID = nextKittyID == UInt32.max ? 1 : nextKittyID + 1
                } else {
                    kittyOrder.removeAll { $0 == cacheKey }
                }
                kittyOrder.append(cacheKey)
                bytes += wrap(KittyEncoder.place(id: kittyIDs[cacheKey]!, columns: placement.area.width, rows: placement.area.height))
            case .sixel, .iterm:
                bytes += wrap(cachedEncoding(placement))
            case .truecolorBlocks:
                // Row by row from the rectangle's corner; no passthrough needed for plain SGR.
                update.after += HalfBlockEncoder.sgr(placement.image, column: placement.area.x, row: placement.area.y)
                continue
            }
            // Save the cursor, go to the rectangle's top-left cell (1-based), draw, restore.
            update.after += "\u{1B}7\u{1B}[\(placement.area.y + 1);\(placement.area.x + 1)H" + bytes + "\u{1B}8"
        }
        if kind == .kitty { update.after += evictKittyImages(keeping: Set(placements.map(kittyKey))) }
        shown = placements
        return update
    }

    /// Frees every kitty image still held in the terminal (at exit): their placements and data.
    public func releaseAll() -> String {
        guard kind == .kitty else { return "" }
        let bytes = kittyOrder.compactMap { kittyIDs[$0] }.map { wrap(KittyEncoder.deleteImage(id: $0)) }.joined()
        kittyIDs = [:]
        kittyOrder = []
        shown = []
        return bytes
    }

    /// How many kitty images the terminal holds for this canvas.
    public var kittyImagesHeld: Int { kittyIDs.count }

    private func kittyKey(_ placement: ImagePlacement) -> String {
        "\(placement.key)#\(placement.image.width)x\(placement.image.height)"
    }

    /// Frees the least recently placed images beyond `kittyLimit`, never one shown this frame.
    private func evictKittyImages(keeping visible: Set<String>) -> String {
        var bytes = ""
        var index = 0
        while kittyOrder.count > Self.kittyLimit, index < kittyOrder.count {
            let key = kittyOrder[index]
            if visible.contains(key) { index += 1; continue }
            if let id = kittyIDs.removeValue(forKey: key) { bytes += wrap(KittyEncoder.deleteImage(id: id)) }
            kittyOrder.remove(at: index)
        }
        return bytes
    }

    private func cachedEncoding(_ placement: ImagePlacement) -> String {
        let cacheKey = "\(placement.key)#\(placement.image.width)x\(placement.image.height)#\(placement.area.width)x\(placement.area.height)"
        if let bytes = encoded[cacheKey] { return bytes }
        let bytes = kind == .sixel
            ? SixelEncoder.encode(placement.image)
            : ITermEncoder.inline(placement.image, columns: placement.area.width, rows: placement.area.height)
        encoded[cacheKey] = bytes
        encodedOrder.append(cacheKey)
        if encodedOrder.count > Self.encodedLimit { encoded[encodedOrder.removeFirst()] = nil }
        return bytes
    }

    func wrap(_ sequence: String) -> String {
        passthrough ? Self.tmuxPassthrough(sequence) : sequence
    }

    /// tmux passes a sequence to the outer terminal inside `ESC Ptmux; … ESC \`, with every ESC
    /// of the sequence doubled.
    public static func tmuxPassthrough(_ sequence: String) -> String {
        "\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
