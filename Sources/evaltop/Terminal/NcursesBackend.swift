import CNcursesw
import CTermGuard
import Foundation
import TermUI

/// The thin ncurses backend: the only code besides `CNcursesw` that talks to ncurses.
/// It flushes a `Buffer` with wide-character calls, sending only the cells that changed
/// since the last frame (and ncurses, in turn, only the bytes that changed on screen), and
/// hands the bytes the terminal sends to TermUI's `KeyDecoder`.
///
/// ncurses' own key decoding (`keypad`) is off: it knows only the sequences of the terminfo
/// entry, and read any other (Home as `ESC[1~` under tmux with TERM=xterm) as Esc plus keys.
/// The decoder reads every sequence whole, with the terminfo entry's keys as extra entries.
final class NcursesBackend {
    private var previous: Buffer?
    private var decoder: KeyDecoder
    private var decoded: [InputEvent] = []
    /// How long an incomplete escape sequence waits for its next byte before a lone ESC
    /// counts as the Esc key: ncurses' `ESCDELAY` when set, else 25 ms.
    private let escapeDelay: Int32
    private var pairs: [ColorPairKey: Int16] = [:]
    private let colorCapable: Bool
    private(set) var width: Int = 0
    private(set) var height: Int = 0

    private struct ColorPairKey: Hashable {
        let fg: Int32
        let bg: Int32
    }

    /// Takes over the terminal. The guard is armed first, so that any way out restores it.
    init(mouse: Bool, useColor: Bool) {
        setlocale(LC_ALL, "")
        termguard_install(STDOUT_FILENO)
        initscr()
        // After initscr, which prints its own errors (an unknown TERM) and exits.
        termguard_screen_taken()
        raw()
        noecho()
        nonl()
        keypad(evt_stdscr(), false)
        escapeDelay = ProcessInfo.processInfo.environment["ESCDELAY"].flatMap { Int32($0) }.map { max(5, min($0, 1000)) } ?? 25
        decoder = KeyDecoder(extraSequences: NcursesBackend.terminfoKeys())
        curs_set(0)
        wtimeout(evt_stdscr(), 50)
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colorCapable = true
        } else {
            colorCapable = false
        }
        if mouse {
            // ncurses sends the terminal's mouse-enable sequence; the reports are decoded here.
            mousemask(evt_all_mouse_events(), nil)
            mouseinterval(0)
        }
        // Bracketed paste: a paste arrives marked, so it is typed into a prompt instead of
        // being run as a string of commands. The terminal guard turns it off on every exit.
        writeRaw("\u{1b}[?2004h")
        refreshSize()
    }

    /// The key sequences of the terminfo entry, for the decoder to prefer over its table.
    private static func terminfoKeys() -> [[UInt8]: Key] {
        var names: [(String, Key)] = [
            ("kcuu1", .up), ("kcud1", .down), ("kcub1", .left), ("kcuf1", .right), ("khome", .home), ("kend", .end),
            ("kpp", .pageUp), ("knp", .pageDown), ("kich1", .insert), ("kdch1", .delete), ("kcbt", .backTab), ("kent", .enter),
        ]
        names += (1 ... 24).map { ("kf\($0)", Key.function($0)) }
        var table: [[UInt8]: Key] = [:]
        for (name, key) in names {
            guard let value = evt_tigetstr(name) else { continue }
            let bytes = Array(String(cString: value).utf8)
            if bytes.count > 1, bytes.first == 0x1B { table[bytes] = key }
        }
        return table
    }

    /// Gives the terminal back: ncurses' own restoration, then the guard's (idempotent).
    func shutdown() {
        writeRaw("\u{1b}[?2004l")
        endwin()
        termguard_restore()
    }

    var colorCount: Int { colorCapable ? Int(evt_colors()) : 0 }

    func refreshSize() {
        var y: Int32 = 0, x: Int32 = 0
        evt_getmaxyx(evt_stdscr(), &y, &x)
        height = Int(y)
        width = Int(x)
    }

    /// Draws `buffer`, writing only the cells that differ from the previous frame.
    func draw(_ buffer: Buffer) {
        let changes: [(x: Int, y: Int, cell: Cell)]
        if let previous, previous.area == buffer.area {
            changes = buffer.diff(from: previous)
        } else {
            changes = allCells(of: buffer)
        }
        for change in changes where !change.cell.symbol.isEmpty {
            put(change.cell, x: change.x, y: change.y)
        }
        wnoutrefresh(evt_stdscr())
        doupdate()
        previous = buffer
    }

    /// Makes ncurses write the cells of `rect` again on the next draw, even where they did not
    /// change: a sixel or iTerm2 image was drawn over them.
    func repaint(_ rect: Rect) {
        guard rect.height > 0 else { return }
        wredrawln(evt_stdscr(), Int32(rect.y), Int32(rect.height))
    }

    /// Forgets the last frame, so the next draw writes every cell (after a resize).
    func invalidate() {
        previous = nil
        wclear(evt_stdscr())
    }

    private func allCells(of buffer: Buffer) -> [(x: Int, y: Int, cell: Cell)] {
        var cells: [(x: Int, y: Int, cell: Cell)] = []
        cells.reserveCapacity(buffer.area.width * buffer.area.height)
        for y in 0 ..< buffer.area.height {
            for x in 0 ..< buffer.area.width {
                cells.append((x, y, buffer[x, y]))
            }
        }
        return cells
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attrs = evt_a_normal()
        let m = cell.style.modifiers
        if m.contains(.bold) { attrs |= evt_a_bold() }
        if m.contains(.dim) { attrs |= evt_a_dim() }
        if m.contains(.italic) { attrs |= evt_a_italic() }
        if m.contains(.underline) { attrs |= evt_a_underline() }
        if m.contains(.reverse) { attrs |= evt_a_reverse() }
        let pair = colorPair(fg: cell.style.fg, bg: cell.style.bg)
        // Buffer cells are sanitized already; a symbol is one printable grapheme.
        var scalars = cell.symbol.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        if scalars.count > 4 { scalars = Array(scalars.prefix(4)) }
        scalars.append(0)
        _ = scalars.withUnsafeBufferPointer { ptr in
            evt_put_cell(Int32(y), Int32(x), ptr.baseAddress, attrs, pair)
        }
    }

    private func colorPair(fg: Color, bg: Color) -> Int16 {
        guard colorCapable else { return 0 }
        let key = ColorPairKey(fg: index(of: fg), bg: index(of: bg))
        if key.fg == -1, key.bg == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < evt_color_pairs() else { return 0 }
        // A pair ncurses refuses stays uninitialised, which draws black on black: fall
        // back to the default colours rather than use it.
        guard init_pair(next, Int16(key.fg), Int16(key.bg)) != evt_err() else { return 0 }
        pairs[key] = next
        return next
    }

    /// ncurses colour numbers: -1 is the terminal's default. RGB is mapped to the nearest
    /// of the 256 (or 16) colours by the theme before it gets here; this is a last resort.
    private func index(of color: Color) -> Int32 {
        switch color {
        case .reset: return -1
        case .indexed(let i):
            // The theme is resolved for `COLORS` already; reduce, never name a missing colour.
            let colors = evt_colors()
            if Int32(i) < colors { return Int32(i) }
            let reduced = ColorConversion.degrade(.indexed(i), to: colors >= 16 ? .color16 : .color8)
            if case .indexed(let r)? = reduced, Int32(r) < colors { return Int32(r) }
            return -1
        case .rgb(let r, let g, let b):
            let cube = { (v: UInt8) -> Int32 in v < 48 ? 0 : v < 115 ? 1 : Int32((Int(v) - 35) / 40) }
            let i = 16 + 36 * cube(r) + 6 * cube(g) + cube(b)
            return i < evt_colors() ? i : 7
        }
    }

    /// Waits up to 50 ms for one event; nil when none came.
    func readEvent() -> InputEvent? {
        if decoded.isEmpty { readInput() }
        return decoded.isEmpty ? nil : decoded.removeFirst()
    }

    /// Reads what the terminal sent: waits up to 50 ms for a first byte, then takes every byte
    /// already there. An incomplete sequence waits the escape delay for its next byte (a
    /// bracketed paste up to a second for its end), then the decoder settles it.
    private func readInput() {
        var wait: Int32 = 50
        while true {
            wtimeout(evt_stdscr(), decoder.isPending ? (decoder.isInPaste ? 1000 : escapeDelay) : wait)
            let code = wgetch(evt_stdscr())
            if code == evt_err() {
                if decoder.isPending { decoded += decoder.flush() }
                if Self.terminalHungUp() { raise(SIGHUP) }
                return
            }
            if code == evt_key_resize() {
                refreshSize()
                decoded.append(.resize(width: width, height: height))
                return
            }
            guard (0 ... 255).contains(code) else { continue }  // no other key codes with keypad off
            decoded += decoder.feed(CollectionOfOne(UInt8(code)))
            wait = 0
        }
    }

    /// Whether the terminal is gone (the SSH connection or the terminal window closed). The
    /// kernel signals SIGHUP only to the session leader, and to evaltop when that leader exits:
    /// behind a shell that stays (`ssh host 'cd dir && evaltop f; echo done'`), evaltop would
    /// otherwise read nothing forever. A hung-up terminal polls as POLLHUP; evaltop then
    /// ends as on SIGHUP (the handler restores what it can and exits with 129).
    static func terminalHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Sends raw bytes to the terminal, past ncurses (OSC 52 clipboard writes).
    func writeRaw(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
