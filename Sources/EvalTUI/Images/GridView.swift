import EvalCore
import TermUI

/// The geometry of the grid of thumbnails: fixed-size tiles, so that the reducer can turn
/// "one row down" into a list index from the screen width alone.
public enum GridLayout {
    /// A thumbnail's image, in cells (16 × 8 cells is 16 × 16 pixels in half blocks: square).
    public static let imageWidth = 16, imageHeight = 8
    /// A tile: the image, two lines under it (id; score and flag), one blank column and row.
    public static let tileWidth = imageWidth + 2, tileHeight = imageHeight + 3

    /// Thumbnails per row in a screen `width` columns wide (the pane's borders taken off).
    public static func columns(width: Int) -> Int { max(1, (width - 2) / tileWidth) }
}

/// A list of inputs as a grid of thumbnails, like Clarifai's selection details: each input's
/// image (or the start of its text), its id, a score and the flag mark under it; the selected
/// tile's caption is highlighted. Scrolls so that the selected tile is in view.
enum GridView {
    struct Tile {
        let input: Int?
        let caption: String
    }

    static func render(_ state: AppState, title: String, count: Int, selected: Int, tile: (Int) -> Tile, area: Rect,
                       into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session else { return }
        Block.themed(title, theme: context.theme, focused: true).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= GridLayout.tileHeight - 1, inner.width >= GridLayout.tileWidth, count > 0 else {
            if count == 0 { buffer.setString("no inputs", x: inner.x + 1, y: inner.y, style: context[.muted], maxWidth: inner.width - 1) }
            return
        }
        let columns = GridLayout.columns(width: state.width)
        let visibleRows = max(1, (inner.height + 1) / GridLayout.tileHeight)
        let selectedRow = selected / columns
        let firstRow = max(0, selectedRow - visibleRows + 1)
        guard let evaluation = session.evaluation else { return }
        for row in firstRow ..< firstRow + visibleRows {
            for column in 0 ..< columns {
                let index = row * columns + column
                guard index < count else { return }
                let x = inner.x + column * GridLayout.tileWidth, y = inner.y + (row - firstRow) * GridLayout.tileHeight
                guard x + GridLayout.imageWidth <= inner.right, y + GridLayout.imageHeight + 1 < inner.bottom + 1 else { continue }
                let item = tile(index)
                let image = Rect(x: x, y: y, width: GridLayout.imageWidth, height: GridLayout.imageHeight)
                // The thumbnail and its two caption lines: a click selects, a click on the
                // selected tile (or a double click) opens it.
                hits.add(Rect(x: x, y: y, width: GridLayout.imageWidth, height: min(GridLayout.imageHeight + 2, inner.bottom - y)), .gridTile(index))
                if let input = item.input {
                    if context.images != nil, let url = evaluation.urls?[input], !url.isEmpty {
                        ImagePane.render(reference: url, in: image, into: &buffer, context: context)
                    } else if let text = evaluation.texts?[input], !text.isEmpty {
                        let lines = LoadingScreen.wrap(TerminalText.safe(text), width: image.width)
                        for (i, line) in lines.prefix(image.height).enumerated() {
                            buffer.setString(line, x: image.x, y: image.y + i, style: context[.text], maxWidth: image.width)
                        }
                    } else {
                        buffer.setString(context.ascii ? "(no image)" : "(no image)", x: image.x, y: image.y + image.height / 2,
                                         style: context[.muted], maxWidth: image.width)
                    }
                }
                let style = index == selected ? context[.selection] : context[.text]
                let id = item.input.map { TerminalText.safe(evaluation.inputIDs[$0]) } ?? "(not in the file)"
                buffer.setString(CellWidth.fit(id, width: GridLayout.imageWidth), x: x, y: image.bottom, style: style, maxWidth: GridLayout.imageWidth)
                if image.bottom + 1 < inner.bottom {
                    buffer.setString(CellWidth.fit(item.caption, width: GridLayout.imageWidth), x: x, y: image.bottom + 1,
                                     style: style, maxWidth: GridLayout.imageWidth)
                }
            }
        }
    }

    /// The flag mark of an input id, or a space.
    static func flagMark(_ state: AppState, id: String, context: RenderContext) -> String {
        state.flags.store.state(of: id).map { $0.flagged } == true ? context.glyphs.flag : " "
    }

    /// The suspects the list shows (`suspectRows`: reviewed ones hidden, the `/` filter
    /// applied), so that the selected tile is the suspect `f`, `a` and `x` act on.
    static func renderSuspects(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session, let list = state.flags.suspects.list else { return }
        guard let ids = session.evaluation?.inputIDs else { return }
        let rows = state.suspectRows
        // The list's title (the estimate beside the candidates, the filter), as a grid.
        render(state, title: SuspectsScreen.title(state, session: session) + ", grid", count: rows.count,
               selected: state.flags.suspects.selectedRow, tile: { i in
                   let s = list.suspects[rows[i]]
                   let likely = s.likelyConcept.map { TerminalText.safe(session.name($0)) } ?? ""
                   return Tile(input: s.input, caption: "\(flagMark(state, id: ids[s.input], context: context)) \(Format.fixed(s.givenScore, 2)) \(likely)")
               }, area: area, into: &buffer, context: context, hits: &hits)
    }

    static func renderFlags(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        let rows = state.flagRows
        render(state, title: "Flags (\(Format.count(rows.count))), grid", count: rows.count, selected: state.flags.view.selectedRow,
               tile: { i in
                   let id = rows[i]
                   let suggested = state.flags.store.state(of: id)?.suggestedLabels.joined(separator: ";") ?? ""
                   return Tile(input: state.flags.inputIndex[id], caption: "\(flagMark(state, id: id, context: context)) \(TerminalText.safe(suggested))")
               }, area: area, into: &buffer, context: context, hits: &hits)
    }

    static func renderDetails(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session, let details = state.details else { return }
        let concept: Int
        switch details.source {
        case .concept(let c), .changes(let c): concept = c
        case .matrixCell(_, let b, _): concept = b
        }
        guard let ids = session.evaluation?.inputIDs else { return }
        var title = "Inputs, \(TerminalText.safe(session.name(concept))) scores, grid"
        if case .concept = details.source { title = "\(details.tab.rawValue) of \(TerminalText.safe(session.name(concept))), grid (Tab: next tab)" }
        render(state, title: title, count: state.detailsRowCount, selected: details.selectedRow, tile: { i in
            guard let input = state.detailsInput(atRow: i) else { return Tile(input: nil, caption: "") }
            return Tile(input: input, caption: "\(flagMark(state, id: ids[input], context: context)) \(Format.fixed(session.evaluation!.score(input: input, concept: concept), 4))")
        }, area: area, into: &buffer, context: context, hits: &hits)
    }
}
