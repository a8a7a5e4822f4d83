import EvalCore
import Foundation
import TermUI

/// Draws the whole application for one frame. The view never changes the state; it returns
/// where things were drawn so that mouse clicks can be mapped back to actions.
public enum Screens {
    public static func render(_ state: AppState, into buffer: inout Buffer, context: RenderContext,
                              loadStartedAt: Date = Date()) -> HitMap {
        var hits = HitMap()
        buffer.fill(buffer.area, cell: Cell(symbol: " ", style: context[.text]))
        let layout = MainLayout(width: buffer.area.width, height: buffer.area.height, detailsOpen: state.details != nil)
        if layout.tooSmall {
            TooSmallScreen.render(into: &buffer, context: context)
            return hits
        }
        switch state.phase {
        case .loading(let progress):
            LoadingScreen.render(state, progress: progress, startedAt: loadStartedAt, into: &buffer, context: context)
            return hits
        case .failed(let message):
            LoadingScreen.renderFailure(message, into: &buffer, context: context)
            return hits
        case .ready:
            break
        }
        HeaderView.render(state, area: layout.header, into: &buffer, context: context)
        switch state.screen {
        case .main:
            MainScreen.render(state, layout: layout, into: &buffer, context: context, hits: &hits)
        case .matrix:
            MatrixScreen.render(state, area: Rect(x: 0, y: 1, width: buffer.area.width, height: buffer.area.height - 2),
                                into: &buffer, context: context, hits: &hits)
        case .flags where state.grid && state.flags.enabled:
            GridView.renderFlags(state, area: Rect(x: 0, y: 1, width: buffer.area.width, height: buffer.area.height - 2),
                                 into: &buffer, context: context, hits: &hits)
        case .suspects where state.grid && state.flags.suspects.list != nil:
            GridView.renderSuspects(state, area: Rect(x: 0, y: 1, width: buffer.area.width, height: buffer.area.height - 2),
                                    into: &buffer, context: context, hits: &hits)
        case .flags:
            let full = Rect(x: 0, y: 1, width: buffer.area.width, height: buffer.area.height - 2)
            let (list, preview) = state.flags.enabled ? PreviewPane.split(full, state: state, context: context) : (full, nil)
            FlagsScreen.render(state, area: list, into: &buffer, context: context, hits: &hits)
            if let preview {
                let (input, next) = PreviewPane.flagInputs(state)
                PreviewPane.render(state, input: input, next: next, area: preview, into: &buffer, context: context)
            }
        case .suspects:
            let (list, preview) = PreviewPane.split(Rect(x: 0, y: 1, width: buffer.area.width, height: buffer.area.height - 2),
                                                    state: state, context: context)
            SuspectsScreen.render(state, area: list, into: &buffer, context: context, hits: &hits)
            if let preview {
                let (input, next) = PreviewPane.suspectInputs(state)
                PreviewPane.render(state, input: input, next: next, area: preview, into: &buffer, context: context)
            }
        case .diagnosis:
            DiagnosisScreen.render(state, area: DiagnosisScreen.area(width: buffer.area.width, height: buffer.area.height),
                                   into: &buffer, context: context)
        case .slices:
            SlicesScreen.render(state, area: Rect(x: 0, y: 1, width: buffer.area.width, height: buffer.area.height - 2),
                                into: &buffer, context: context)
        }
        StatusView.render(state, area: layout.status, into: &buffer, context: context, hits: &hits)
        // A popup covers the panes' images (a graphics protocol would draw them over it).
        if state.overlay != nil { context.images?.coverPlacements() }
        OverlayView.render(state, into: &buffer, context: context, hits: &hits)
        return hits
    }
}

/// Shown below 60×16 instead of a broken layout.
enum TooSmallScreen {
    static func render(into buffer: inout Buffer, context: RenderContext) {
        let lines = [
            "terminal too small",
            "(need \(MainLayout.minimumWidth)×\(MainLayout.minimumHeight), have \(buffer.area.width)×\(buffer.area.height))",
            "enlarge the window, or q to quit",
        ].map { context.ascii ? $0.replacingOccurrences(of: "×", with: "x") : $0 }
        let top = max(0, buffer.area.height / 2 - 1)
        for (i, line) in lines.enumerated() where top + i < buffer.area.height {
            let w = CellWidth.of(line)
            buffer.setString(line, x: max(0, (buffer.area.width - w) / 2), y: top + i,
                             style: i == 0 ? context[.warning] : context[.muted], maxWidth: buffer.area.width)
        }
    }
}
