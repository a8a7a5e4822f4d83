import CNcursesw
import CTermGuard
import Foundation
import TermUI

/// The thin ncurses backend: the only code besides `CNcursesw` that talks to ncurses.
/// It flushes a `Buffer` with wide-character calls, sending only the cells that changed
/// since the last frame (and ncurses, in turn, only the bytes that changed on screen), and
/// turns ncurses' key codes and mouse reports into `InputEvent`s.
final class NcursesBackend {
    private var previous: Buffer?
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
        keypad(evt_stdscr(), true)
        set_escdelay(25)
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
            mousemask(evt_all_mouse_events(), nil)
            mouseinterval(0)
        }
        refreshSize()
    }

    /// Gives the terminal back: ncurses' own restoration, then the guard's (idempotent).
    func shutdown() {
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
        init_pair(next, Int16(key.fg), Int16(key.bg))
        pairs[key] = next
        return next
    }

    /// ncurses colour numbers: -1 is the terminal's default. RGB is mapped to the nearest
    /// of the 256 (or 16) colours by the theme before it gets here; this is a last resort.
    private func index(of color: Color) -> Int32 {
        switch color {
        case .reset: return -1
        case .indexed(let i): return Int32(i) < evt_colors() ? Int32(i) : Int32(i % 16)
        case .rgb(let r, let g, let b):
            let cube = { (v: UInt8) -> Int32 in v < 48 ? 0 : v < 115 ? 1 : Int32((Int(v) - 35) / 40) }
            let i = 16 + 36 * cube(r) + 6 * cube(g) + cube(b)
            return i < evt_colors() ? i : 7
        }
    }

    /// Waits up to the configured timeout (50 ms) for one event; nil when none came.
    func readEvent() -> InputEvent? {
        var wch: wint_t = 0
        let status = wget_wch(evt_stdscr(), &wch)
        if status == evt_err() { return nil }
        if status == evt_key_code_yes() {
            return functionKey(Int32(wch))
        }
        return characterKey(UInt32(wch))
    }

    private func characterKey(_ code: UInt32) -> InputEvent? {
        switch code {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1 ... 26: return .key(.ctrl(Character(Unicode.Scalar(code + 96)!)))
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    private func functionKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_DC: return .key(.delete)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case evt_key_resize():
            refreshSize()
            return .resize(width: width, height: height)
        case evt_key_mouse():
            return mouseEvent()
        case KEY_F0 + 1 ... KEY_F0 + 24:
            return .key(.function(Int(code - KEY_F0)))
        default:
            return nil
        }
    }

    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) != evt_err() else { return nil }
        let state = event.bstate
        let kind: MouseEvent.Kind
        if state & evt_button4_pressed() != 0 { kind = .wheelUp }
        else if evt_button5_pressed() != 0, state & evt_button5_pressed() != 0 { kind = .wheelDown }
        else if state & (evt_button1_pressed() | evt_button1_clicked()) != 0 { kind = .press }
        else if state & evt_button1_released() != 0 { kind = .release }
        else { return nil }
        return .mouse(MouseEvent(kind: kind, x: Int(event.x), y: Int(event.y)))
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
